package dev.modeldeploy.feedback.collect;

import dev.modeldeploy.feedback.FeedbackMetrics;
import dev.modeldeploy.feedback.spool.Spool;
import io.javalin.config.RoutesConfig;
import java.time.Clock;

/**
 * The collector's endpoints, mountable on any Javalin server (the daemon's or {@link FeedbackServer}):
 * {@code POST /feedback/model/} (also without the trailing slash) and {@code POST /log}.
 */
public final class FeedbackRoutes {
    public static final String FEEDBACK_PATH = "/feedback/model/";
    public static final String LOG_PATH = "/log";

    private final FeedbackEndpoint feedback;
    private final InferenceLogEndpoint inferenceLog;

    public FeedbackRoutes(Spool spool, FeedbackMetrics metrics, CollectorSettings settings, RequestCheck check, Clock clock) {
        DurableAppend append = new DurableAppend(spool, metrics, settings);
        this.feedback = new FeedbackEndpoint(append, settings, check, clock);
        this.inferenceLog = new InferenceLogEndpoint(append, settings, check, clock);
    }

    /** Works whether or not the server ignores trailing slashes. */
    public void register(RoutesConfig routes) {
        routes.post(FEEDBACK_PATH, feedback::handle);
        routes.post("/feedback/model", feedback::handle);
        routes.post(LOG_PATH, inferenceLog::handle);
    }
}
