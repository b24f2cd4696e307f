package dev.modeldeploy.git.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.FileResolver;

/**
 * JGit's {@link GitServlet} on embedded Jetty 12 (ee10) on loopback, with HTTP basic auth and receive-pack enabled.
 * Counts the packs upload-pack sends, i.e. real fetches (ref advertisements and ls-remote send none).
 */
public final class HttpGitServer implements AutoCloseable {

    private final Path basePath;
    private final String username;
    private final String token;
    private final AtomicInteger packsSent = new AtomicInteger();
    private Server server;
    private int port;

    public HttpGitServer(Path basePath, String username, String token) {
        this.basePath = basePath;
        this.username = username;
        this.token = token;
    }

    /** Starts on an ephemeral port. */
    public HttpGitServer start() throws Exception {
        return startOn(0);
    }

    /** Starts again on the port it had (after {@link #stop()}). */
    public HttpGitServer restart() throws Exception {
        return startOn(port);
    }

    public void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>/git/<name>} */
    public String url(String repositoryName) {
        return "http://127.0.0.1:" + port + "/git/" + repositoryName;
    }

    /** Packs sent by upload-pack since start: one per fetch that transferred objects. */
    public int packsSent() {
        return packsSent.get();
    }

    /** The {@code Authorization} header value a client with the right token sends. */
    public String basicAuthHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    private HttpGitServer startOn(int requestedPort) throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(requestedPort);
        connector.setReuseAddress(true);
        jetty.addConnector(connector);

        GitServlet git = new GitServlet();
        git.setRepositoryResolver(new FileResolver<>(basePath.toFile(), true));
        git.setUploadPackFactory((request, repository) -> {
            UploadPack upload = new UploadPack(repository);
            upload.setPostUploadHook(statistics -> packsSent.incrementAndGet());
            return upload;
        });
        git.setReceivePackFactory((request, repository) -> new ReceivePack(repository));

        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(new BasicAuthFilter(basicAuthHeader())), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(git), "/git/*");
        jetty.setHandler(context);
        jetty.start();
        server = jetty;
        port = connector.getLocalPort();
        return this;
    }

    /** Accepts exactly one user and token, compared in constant time. */
    private static final class BasicAuthFilter implements Filter {
        private final byte[] expected;

        BasicAuthFilter(String expectedHeader) {
            this.expected = expectedHeader.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String header = ((HttpServletRequest) request).getHeader("Authorization");
            if (header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
                chain.doFilter(request, response);
                return;
            }
            HttpServletResponse http = (HttpServletResponse) response;
            http.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
            http.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        }
    }
}
