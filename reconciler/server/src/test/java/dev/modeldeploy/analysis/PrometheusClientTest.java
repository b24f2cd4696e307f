package dev.modeldeploy.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the client reads Prometheus' answers and failures, against a stand-in that answers what each test sets. */
class PrometheusClientTest {
    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final AtomicReference<Long> delayMs = new AtomicReference<>(0L);
    private final AtomicReference<String> lastForm = new AtomicReference<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/prom/api/v1/query", exchange -> {
            lastForm.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            try {
                Thread.sleep(delayMs.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/prom";
    }

    private PrometheusClient client() {
        return new PrometheusClient(url(), Duration.ofSeconds(1));
    }

    @Test
    void aVectorGivesItsFirstValueAndTheQueryGoesAsAForm() throws Exception {
        answer.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1700000000.5,\"0.975\"]}]}}");

        OptionalDouble value = client().query("sum(rate(x[5s]))", Instant.ofEpochMilli(1_700_000_000_500L));

        assertThat(value).hasValue(0.975);
        String form = URLDecoder.decode(lastForm.get(), StandardCharsets.UTF_8);
        assertThat(form).isEqualTo("query=sum(rate(x[5s]))&time=1700000000.500&timeout=1000ms");
    }

    @Test
    void anEmptyVectorOrNaNIsNoValue() throws Exception {
        answer.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        assertThat(client().query("x", Instant.now())).isEmpty();
        answer.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"NaN\"]}]}}");
        assertThat(client().query("x", Instant.now())).isEmpty();
        answer.set("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"+Inf\"]}}");
        assertThat(client().query("x", Instant.now())).isEmpty();
    }

    @Test
    void refusalsAndSlownessAreErrorsThatSayWhy() {
        status.set(400);
        answer.set("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 3\"}");
        assertThatThrownBy(() -> client().query("x((", Instant.now())).isInstanceOf(PrometheusException.class)
                .hasMessage("Prometheus at " + url() + " answered HTTP 400: bad_data parse error at char 3");

        status.set(502);
        answer.set("<html>bad gateway</html>");
        assertThatThrownBy(() -> client().query("x", Instant.now())).isInstanceOf(PrometheusException.class)
                .hasMessage("Prometheus at " + url() + " answered HTTP 502 with something other than JSON: <html>bad gateway</html>");

        status.set(200);
        delayMs.set(3000L);
        answer.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        assertThatThrownBy(() -> client().query("x", Instant.now())).isInstanceOf(PrometheusException.class)
                .hasMessage("Prometheus at " + url() + " did not answer within 1000ms");
    }

    @Test
    void credentialsInTheUrlAreSentButNeverShown() throws Exception {
        answer.set("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"2\"]}}");
        PrometheusClient withCredentials = new PrometheusClient(
                url().replace("http://", "http://reader:s%3Acret@"), Duration.ofSeconds(1));

        assertThat(withCredentials.query("x", Instant.now())).hasValue(2);
        assertThat(lastAuthorization.get()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("reader:s:cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(withCredentials.displayUrl()).isEqualTo(url()).doesNotContain("cret");
        status.set(500);
        answer.set("oops");
        assertThatThrownBy(() -> withCredentials.query("x", Instant.now())).message().doesNotContain("cret").doesNotContain("reader");
    }
}
