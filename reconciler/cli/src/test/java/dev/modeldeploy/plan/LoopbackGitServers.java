package dev.modeldeploy.plan;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.resolver.FileResolver;

/** Git servers on 127.0.0.1 for plan tests: the real {@code git daemon}, and JGit's servlet behind HTTP basic auth. */
final class LoopbackGitServers {
    private LoopbackGitServers() {
    }

    /** {@code git daemon} exporting every repository under a folder, read-only. */
    static final class GitDaemon implements AutoCloseable {
        private final Process process;
        private final int port;

        private GitDaemon(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static GitDaemon serve(Path basePath) throws IOException, InterruptedException {
            int port = freePort();
            Process process = new ProcessBuilder(List.of("git", "daemon", "--reuseaddr", "--export-all",
                    "--base-path=" + basePath, "--listen=127.0.0.1", "--port=" + port, basePath.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            GitDaemon daemon = new GitDaemon(process, port);
            for (int attempt = 0; attempt < 300; attempt++) {
                if (!process.isAlive()) {
                    throw new IOException("git daemon exited with " + process.exitValue());
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                    return daemon;
                } catch (IOException notListeningYet) {
                    Thread.sleep(50);
                }
            }
            daemon.close();
            throw new IOException("git daemon did not listen on port " + port);
        }

        String url(String repository) {
            return "git://127.0.0.1:" + port + "/" + repository;
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Smart HTTP through JGit's GitServlet on Jetty; every request needs the one user and token. */
    static final class HttpGit implements AutoCloseable {
        private final Server jetty;
        private final int port;

        private HttpGit(Server jetty, int port) {
            this.jetty = jetty;
            this.port = port;
        }

        static HttpGit serve(Path basePath, String user, String token) throws Exception {
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            GitServlet servlet = new GitServlet();
            servlet.setRepositoryResolver(new FileResolver<>(basePath.toFile(), true));
            ServletContextHandler context = new ServletContextHandler("/");
            byte[] expected = ("Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + token).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
            Filter basicAuth = (request, response, chain) -> {
                String presented = ((HttpServletRequest) request).getHeader("Authorization");
                if (presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
                    chain.doFilter(request, response);
                } else {
                    HttpServletResponse http = (HttpServletResponse) response;
                    http.setHeader("WWW-Authenticate", "Basic realm=\"plan-test\"");
                    http.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                }
            };
            context.addFilter(new FilterHolder(basicAuth), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(servlet), "/git/*");
            jetty.setHandler(context);
            jetty.start();
            return new HttpGit(jetty, connector.getLocalPort());
        }

        String url(String repository) {
            return "http://127.0.0.1:" + port + "/git/" + repository;
        }

        @Override
        public void close() throws Exception {
            jetty.stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
