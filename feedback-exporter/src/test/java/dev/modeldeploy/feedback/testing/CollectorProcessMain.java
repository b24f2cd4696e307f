package dev.modeldeploy.feedback.testing;

import dev.modeldeploy.feedback.FeedbackConfig;
import dev.modeldeploy.feedback.FeedbackService;
import dev.modeldeploy.feedback.collect.FeedbackServer;
import dev.modeldeploy.feedback.collect.RequestCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A collector in its own JVM, for tests that kill it with SIGKILL: args are the state folder and a file to which
 * it writes its port once it serves. It never exports (no schedule) and runs until killed.
 */
public final class CollectorProcessMain {
    private CollectorProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[0]);
        Path portFile = Path.of(args[1]);
        FeedbackConfig config = FeedbackConfig.defaults(stateDir, stateDir.resolveSibling("unused-bucket").toUri().toString());
        FeedbackService service = FeedbackService.open(config, new SimpleMeterRegistry());
        FeedbackServer server = FeedbackServer.start("127.0.0.1", 0, service.routes(RequestCheck.ALLOW_ALL), null);
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(server.port()), StandardCharsets.US_ASCII);
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
