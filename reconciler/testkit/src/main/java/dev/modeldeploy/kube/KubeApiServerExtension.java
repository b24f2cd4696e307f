package dev.modeldeploy.kube;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * One real API server for a test class, started the first time a test asks for it and stopped (its data
 * removed) after the class. Register it as a static field:
 * {@code @RegisterExtension static final KubeApiServerExtension KUBE = new KubeApiServerExtension();}
 * and call {@link #server()}, or declare a {@link KubeApiServer} parameter. Where the servers can't be built
 * (no Go), a test that asks is skipped with that reason; on CI (CI=true) it fails instead, since CI must run them.
 */
public final class KubeApiServerExtension implements AfterAllCallback, ParameterResolver {
    private KubeApiServer server;
    private RuntimeException startFailure;

    /** The class's server, started on first use. */
    public synchronized KubeApiServer server() {
        if (server == null && startFailure == null) {
            try {
                server = KubeApiServer.start();
            } catch (RuntimeException e) {
                startFailure = e;
            }
        }
        if (startFailure instanceof TestenvBinaries.Unavailable unavailable && !onCi()) {
            throw new TestAbortedException("no real API server here: " + unavailable.getMessage());
        }
        if (startFailure != null) {
            throw new IllegalStateException("the real API server could not start: " + startFailure.getMessage(), startFailure);
        }
        return server;
    }

    /** Whether this runs on CI (CI=true), where a missing real API server is a failure rather than a skip. */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
        startFailure = null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KubeApiServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }
}
