package dev.modeldeploy.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Kubernetes control plane on loopback for tests: etcd and kube-apiserver, built from the upstream Go
 * modules (testenv/), with a secure port, static token authentication, the RBAC authorizer, the default
 * admission plugins, an audit log of every write, and the vendored upstream CRDs installed and established.
 * There are no controllers: nothing reconciles Knative or Istio objects, and deleted namespaces never finish.
 */
public final class KubeApiServer implements AutoCloseable {
    /** The user every admin client authenticates as (group system:masters). */
    public static final String ADMIN_USER = "modeldeploy-test-admin";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final TestenvBinaries binaries;
    private final Path workDir;
    private final String adminToken;
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook;
    private int securePort;
    private String caPem;
    private Path kubeconfig;
    private AuditLog auditLog;

    private KubeApiServer(TestenvBinaries binaries, Path workDir) {
        this.binaries = binaries;
        this.workDir = workDir;
        this.adminToken = randomToken();
        this.shutdownHook = new Thread(this::stopProcesses, "kube-apiserver-shutdown");
    }

    /** Starts etcd and kube-apiserver in a new temporary folder and installs the vendored CRDs. */
    public static KubeApiServer start() {
        TestenvBinaries binaries = TestenvBinaries.locate();
        Path workDir;
        try {
            workDir = Files.createTempDirectory("modeldeploy-kube-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KubeApiServer server = new KubeApiServer(binaries, workDir);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        try {
            server.startProcesses();
            try (KubernetesClient client = server.adminClient()) {
                CrdInstaller.installAll(client, TestenvBinaries.testenvDir().resolve("crds"));
            }
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public String url() {
        return "https://127.0.0.1:" + securePort;
    }

    /** A kubeconfig for the admin user, current context's namespace `default`. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The PEM bundle that verifies the API server's serving certificate. */
    public String caPem() {
        return caPem;
    }

    public String adminToken() {
        return adminToken;
    }

    /** Every write request the server saw, in the order it logged them. */
    public AuditLog auditLog() {
        return auditLog;
    }

    public KubernetesClient adminClient() {
        return clientWithToken(adminToken, null);
    }

    /** A client that authenticates with this bearer token (a service account's, say). */
    public KubernetesClient clientWithToken(String token, String namespace) {
        Config config = Config.fromKubeconfig(null, kubeconfigYaml(token, namespace == null ? "default" : namespace), null);
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    /** Writes a kubeconfig for this bearer token into the work folder and returns it. */
    public Path kubeconfigFor(String name, String token, String namespace) {
        Path file = workDir.resolve("kubeconfig-" + name);
        try {
            return Files.writeString(file, kubeconfigYaml(token, namespace));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token issued by the API server itself (TokenRequest) for a service account, as a pod would get one. */
    public String serviceAccountToken(String namespace, String serviceAccount) {
        try (KubernetesClient admin = adminClient()) {
            TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
            return admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount).tokenRequest(request)
                    .getStatus().getToken();
        }
    }

    /** Creates the namespace if it does not exist yet. */
    public void ensureNamespace(String namespace) {
        try (KubernetesClient admin = adminClient()) {
            if (admin.namespaces().withName(namespace).get() == null) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                        .build()).create();
            }
        }
    }

    private void startProcesses() {
        int etcdClientPort = freePort();
        int etcdPeerPort = freePort();
        securePort = freePort();
        Path certDir = workDir.resolve("certs");
        Path serviceAccountKey = workDir.resolve("service-account.key");
        Path tokens = workDir.resolve("tokens.csv");
        Path auditPolicy = workDir.resolve("audit-policy.yaml");
        Path auditFile = workDir.resolve("audit.log");
        try {
            Files.createDirectories(certDir);
            Files.writeString(serviceAccountKey, rsaPrivateKeyPem());
            Files.writeString(tokens, adminToken + "," + ADMIN_USER + ",uid-admin,\"system:masters\"\n");
            Files.writeString(auditPolicy, """
                    apiVersion: audit.k8s.io/v1
                    kind: Policy
                    omitStages: ["RequestReceived", "ResponseStarted"]
                    rules:
                    - level: Metadata
                      verbs: ["create", "update", "patch", "delete", "deletecollection"]
                    - level: None
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String etcdUrl = "http://127.0.0.1:" + etcdClientPort;
        Process etcd = launch("etcd", List.of(binaries.etcd().toString(),
                "--data-dir", workDir.resolve("etcd").toString(),
                "--listen-client-url", etcdUrl,
                "--listen-peer-url", "http://127.0.0.1:" + etcdPeerPort));
        awaitHttp(etcd, "etcd", URI.create(etcdUrl + "/health"), null, body -> body.contains("true"));
        Process apiServer = launch("kube-apiserver", List.of(binaries.kubeApiServer().toString(),
                "--etcd-servers=" + etcdUrl,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + securePort,
                "--cert-dir=" + certDir,
                "--token-auth-file=" + tokens,
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + serviceAccountKey,
                "--service-account-signing-key-file=" + serviceAccountKey,
                "--service-cluster-ip-range=10.96.0.0/16",
                // the endpoint reconciler refuses a loopback address, and no pod would reach it anyway
                "--endpoint-reconciler-type=none",
                "--audit-policy-file=" + auditPolicy,
                "--audit-log-path=" + auditFile,
                "--audit-log-format=json",
                "--audit-log-mode=blocking",
                "--profiling=false",
                "--v=1"));
        caPem = awaitCertificate(apiServer, certDir.resolve("apiserver.crt"));
        awaitHttp(apiServer, "kube-apiserver", URI.create(url() + "/readyz"), adminToken, "ok"::equals);
        auditLog = new AuditLog(auditFile, this::adminClient);
        try {
            kubeconfig = Files.writeString(workDir.resolve("kubeconfig"), kubeconfigYaml(adminToken, "default"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process launch(String name, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve(name + ".log").toFile()).start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    private String awaitCertificate(Process process, Path certificate) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            failIfExited(process, "kube-apiserver");
            try {
                if (Files.size(certificate) > 0) {
                    return Files.readString(certificate);
                }
            } catch (IOException e) {
                // not written yet
            }
            pause();
        }
        throw new IllegalStateException("kube-apiserver wrote no serving certificate in " + START_TIMEOUT
                + ":\n" + TestenvBinaries.tail(workDir.resolve("kube-apiserver.log")));
    }

    private void awaitHttp(Process process, String name, URI uri, String token,
                           java.util.function.Predicate<String> ready) {
        HttpClient http = TrustingHttp.client(caPem);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            failIfExited(process, name);
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                last = "HTTP " + response.statusCode() + ": " + response.body();
                if (response.statusCode() == 200 && ready.test(response.body().trim())) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            pause();
        }
        throw new IllegalStateException(name + " was not ready in " + START_TIMEOUT + " (last: " + last + "):\n"
                + TestenvBinaries.tail(workDir.resolve(name + ".log")));
    }

    private void failIfExited(Process process, String name) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n"
                    + TestenvBinaries.tail(workDir.resolve(name + ".log")));
        }
    }

    private String kubeconfigYaml(String token, String namespace) {
        String ca = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: testenv
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: testenv-user
                  user:
                    token: %s
                contexts:
                - name: testenv
                  context:
                    cluster: testenv
                    user: testenv-user
                    namespace: %s
                current-context: testenv
                """.formatted(url(), ca, token, namespace);
    }

    @Override
    public void close() {
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
        deleteTree(workDir);
    }

    private void stopProcesses() {
        // the API server first, so that it never sees etcd vanish under it
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rsaPrivateKeyPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
