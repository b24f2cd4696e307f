package dev.modeldeploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.zjsonpatch.JsonDiff;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A mutating admission webhook served from the test JVM over TLS and registered with the real API server, so that
 * objects reach etcd the way a cluster's webhook (Knative's defaulting webhook, say) would let them in.
 */
public final class MutatingWebhook implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "webhook-test";

    private final HttpsServer server;
    private final String name;
    private final KubernetesClient admin;
    private final AtomicInteger admitted = new AtomicInteger();

    /**
     * @param mutate (object, oldObject or null on create) → the object to store
     */
    public MutatingWebhook(KubeApiServer apiServer, String name, String group, String version, String resource,
                           BinaryOperator<JsonNode> mutate, Path workDir) {
        this.name = name;
        this.admin = apiServer.adminClient();
        try {
            Path keystore = workDir.resolve(name + ".p12");
            keytool("-genkeypair", "-alias", "webhook", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(),
                    "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
            Path certificate = workDir.resolve(name + ".pem");
            keytool("-exportcert", "-rfc", "-alias", "webhook", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-file", certificate.toString());
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(sslContext(keystore)));
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/mutate", exchange -> {
                try (exchange; InputStream in = exchange.getRequestBody()) {
                    byte[] answer = review(JSON.readTree(in), mutate);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, answer.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                }
            });
            server.start();
            register(group, version, resource, Files.readString(certificate));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test webhook: " + e.getMessage(), e);
        }
    }

    /** How many requests the webhook has admitted. */
    public int admitted() {
        return admitted.get();
    }

    private byte[] review(JsonNode review, BinaryOperator<JsonNode> mutate) throws IOException {
        JsonNode request = review.path("request");
        JsonNode object = request.path("object");
        JsonNode old = request.path("oldObject");
        JsonNode mutated = mutate.apply(object, old.isMissingNode() || old.isNull() ? null : old);
        JsonNode patch = JsonDiff.asJson(object, mutated);
        admitted.incrementAndGet();
        ObjectNode response = JSON.createObjectNode();
        response.put("uid", request.path("uid").asText());
        response.put("allowed", true);
        if (!patch.isEmpty()) {
            response.put("patchType", "JSONPatch");
            response.put("patch", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(patch)));
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("apiVersion", "admission.k8s.io/v1");
        answer.put("kind", "AdmissionReview");
        answer.set("response", response);
        return JSON.writeValueAsBytes(answer);
    }

    private void register(String group, String version, String resource, String caPem) {
        MutatingWebhookConfiguration configuration = new MutatingWebhookConfigurationBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .addNewWebhook()
                .withName(name + ".modeldeploy.test")
                .withNewClientConfig()
                .withUrl("https://127.0.0.1:" + server.getAddress().getPort() + "/mutate")
                .withCaBundle(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
                .endClientConfig()
                .addNewRule().withApiGroups(group).withApiVersions(version).withResources(resource)
                .withOperations("CREATE", "UPDATE").endRule()
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .withFailurePolicy("Fail")
                .withTimeoutSeconds(10)
                .endWebhook()
                .build();
        admin.admissionRegistration().v1().mutatingWebhookConfigurations().resource(configuration).create();
    }

    private static SSLContext sslContext(Path keystore) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void keytool(String... arguments) throws IOException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String[] command = new String[arguments.length + 1];
        command[0] = keytool;
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            admin.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name).delete();
        } finally {
            admin.close();
            server.stop(0);
        }
    }
}
