package dev.modeldeploy.feedback.collect;

import dev.modeldeploy.feedback.EntryCodec;
import dev.modeldeploy.feedback.FeedbackMetrics;
import dev.modeldeploy.feedback.RecordKind;
import dev.modeldeploy.feedback.SpoolEntry;
import dev.modeldeploy.feedback.spool.Spool;
import dev.modeldeploy.feedback.spool.SpoolFullException;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Spools an entry and answers the request only once the entry is on disk (or answers 503 if it cannot be). */
final class DurableAppend {
    private static final Logger log = LoggerFactory.getLogger(DurableAppend.class);

    private final Spool spool;
    private final FeedbackMetrics metrics;
    private final CollectorSettings settings;

    DurableAppend(Spool spool, FeedbackMetrics metrics, CollectorSettings settings) {
        this.spool = spool;
        this.metrics = metrics;
        this.settings = settings;
    }

    /** {@code onDurable} writes the success answer; it runs after the fsync that covers the entry. */
    void append(Context ctx, SpoolEntry entry, RecordKind kind, Runnable onDurable) {
        CompletableFuture<Void> written;
        try {
            written = spool.append(EntryCodec.encode(entry));
        } catch (SpoolFullException e) {
            Replies.retryLater(ctx, settings.retryAfterSeconds(), e.getMessage());
            return;
        }
        // The answer is written when the group commit completes, on the spool's writer thread: no request thread
        // sits blocked, and each request saves a thread switch (the feedback benchmark measured this cheaper).
        ctx.future(() -> written
                .orTimeout(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((ok, error) -> {
                    if (error == null) {
                        metrics.received(kind);
                        onDurable.run();
                    } else {
                        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                        String why = cause instanceof TimeoutException ? "timed out waiting for the disk" : cause.getMessage();
                        log.warn("could not store a {} record durably: {}", kind.pathName(), why);
                        Replies.retryLater(ctx, settings.retryAfterSeconds(), "the record could not be stored durably (" + why + "); retry later");
                    }
                    return null;
                }));
    }
}
