package dev.modeldeploy.daemon;

import static dev.modeldeploy.daemon.DaemonFixture.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.embedded.ApiRecorder;
import dev.modeldeploy.embedded.EmbeddedCluster;
import dev.modeldeploy.kube.KubeApiServer;
import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.render.ManagedKind;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two daemon replicas, each its own process, against one API server: both serve the same current data; when the
 * leader is paused past its lease the standby takes over and applies the next commit; the old leader, resumed,
 * writes nothing; when the new leader dies, the old one leads again within the lease duration plus a retry period.
 */
@ParameterizedClass(name = "on the {0} API server")
@EnumSource(ReplicaFailoverTest.Server.class)
class ReplicaFailoverTest {
    enum Server { EMBEDDED, REAL }

    private static final String NAMESPACE = "models";
    private static final String LEASE = "failover-leader";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(4);
    private static final Duration RETRY_PERIOD = Duration.ofMillis(500);

    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    @TempDir
    Path dir;

    private final Server server;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private KubernetesClient client;
    private Path kubeconfig;
    private Function<String, List<String>> writesFrom;
    private Runnable clearWrites;

    ReplicaFailoverTest(Server server) {
        this.server = server;
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void oneReplicaWritesAndAnotherTakesOverAndTheFirstLeadsAgain() throws Exception {
        connect();
        Path work = Files.createDirectories(dir.resolve("work"));
        Path bare = dir.resolve("models.git");
        git(dir, "init", "--bare", bare.toString());
        git(dir, "clone", bare.toString(), work.toString());
        ExampleRepositoryTestSupport.copyExamples(work);
        git(work, "add", "-A");
        git(work, "commit", "-m", "examples");
        git(work, "push", "origin", "HEAD:main");

        DaemonProcess a = replica("replica-a", bare);
        await().atMost(Duration.ofSeconds(90)).until(() -> holder().startsWith("replica-a"));
        DaemonProcess b = replica("replica-b", bare);
        await().atMost(Duration.ofSeconds(90)).until(() -> a.status("/readyz") == 200 && b.status("/readyz") == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> exists("wine"));

        // both replicas serve the same, current data
        await().atMost(Duration.ofSeconds(30)).until(() -> deploymentIds(a).equals(deploymentIds(b)) && !deploymentIds(a).isEmpty());
        assertThat(deploymentIds(b)).isEqualTo(deploymentIds(a));
        assertThat(writesFrom.apply("replica-b")).as("the standby wrote").isEmpty();

        // the leader freezes past its lease: the standby takes over and applies the next commit
        a.pause();
        addDeployment(work, "extra-one");
        await().atMost(LEASE_DURATION.multipliedBy(4).plusSeconds(20)).until(() -> exists("extra-one"));
        assertThat(holder()).startsWith("replica-b");
        assertThat(writesFrom.apply("replica-b")).as("the new leader's writes, as the server saw them")
                .anyMatch(w -> w.startsWith("POST ") && w.contains("/services"));

        // the old leader wakes up believing it leads: it writes nothing, and serves the current data
        clearWrites.run();
        a.resume();
        await().atMost(Duration.ofSeconds(30)).until(() -> deploymentIds(a).contains("extra-one"));
        Thread.sleep(RETRY_PERIOD.multipliedBy(6).toMillis());
        assertThat(writesFrom.apply("replica-a")).as("writes of the resumed old leader").isEmpty();
        assertThat(holder()).startsWith("replica-b");

        // the new leader dies without releasing the lease: the old one leads again and applies the next commit
        b.kill();
        Instant killed = Instant.now();
        await().atMost(LEASE_DURATION.plus(RETRY_PERIOD).plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> holder().startsWith("replica-a"));
        Duration takeover = Duration.between(killed, Instant.now());
        assertThat(takeover).as("lease duration plus one retry period, with slack for polling")
                .isLessThanOrEqualTo(LEASE_DURATION.plus(RETRY_PERIOD).plus(RETRY_PERIOD).plusMillis(500));
        addDeployment(work, "extra-two");
        await().atMost(Duration.ofSeconds(30)).until(() -> exists("extra-two"));
        assertThat(writesFrom.apply("replica-a")).anyMatch(w -> w.startsWith("POST ") && w.contains("/services"));
        assertThat(a.log()).contains("stopped leading");
    }

    private void connect() throws IOException {
        switch (server) {
            case EMBEDDED -> {
                ApiRecorder recorder = new ApiRecorder();
                EmbeddedCluster cluster = EmbeddedCluster.start(0, NAMESPACE, recorder);
                resources.add(cluster);
                kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
                client = cluster.client();
                writesFrom = recorder::writesFrom;
                clearWrites = recorder::clear;
            }
            case REAL -> {
                KubeApiServer real = KUBE.server();
                real.ensureNamespace(NAMESPACE);
                try (KubernetesClient admin = real.adminClient()) {
                    admin.leases().inNamespace(NAMESPACE).withName(LEASE).delete();
                    for (ManagedKind kind : ManagedKind.ALL) {
                        admin.genericKubernetesResources(LiveObjectCache.context(kind)).inNamespace(NAMESPACE).delete();
                    }
                }
                kubeconfig = real.kubeconfig();
                client = real.adminClient();
                resources.add(client);
                writesFrom = agent -> real.auditLog().writesFrom(agent).stream().map(Object::toString).toList();
                clearWrites = real.auditLog()::clear;
            }
        }
    }

    private DaemonProcess replica(String name, Path bare) throws IOException {
        Path settings = dir.resolve("cluster-settings.yaml");
        if (!Files.exists(settings)) {
            Files.writeString(settings, Files.readString(ExampleRepositoryTestSupport.examples().resolve("cluster-settings.yaml"))
                    .replace("namespace: modeldeploy", "namespace: " + NAMESPACE));
        }
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, """
                instance: failover-test
                stateDir: %s
                git:
                  repo: %s
                  branch: main
                  path: deployments
                  interval: 1s
                  statusCommits: false
                cluster:
                  mode: kubeconfig
                  kubeconfig: %s
                  settingsFile: %s
                leaderElection:
                  enabled: true
                  leaseName: %s
                  namespace: %s
                  leaseDuration: %ds
                  renewDeadline: 3s
                  retryPeriod: %dms
                feedback:
                  enabled: false
                """.formatted(dir.resolve("state-" + name), bare.toUri(), kubeconfig, settings, LEASE, NAMESPACE,
                LEASE_DURATION.toSeconds(), RETRY_PERIOD.toMillis()));
        DaemonProcess process = DaemonProcess.start(name, config, freePort(), dir);
        resources.add(process);
        return process;
    }

    private String holder() {
        Lease lease = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
        return lease == null || lease.getSpec().getHolderIdentity() == null ? "" : lease.getSpec().getHolderIdentity();
    }

    private boolean exists(String name) {
        return client.genericKubernetesResources(LiveObjectCache.context(ManagedKind.KNATIVE_SERVICE))
                .inNamespace(NAMESPACE).withName(name).get() != null;
    }

    private static Set<String> deploymentIds(DaemonProcess replica) {
        Set<String> ids = new TreeSet<>();
        String body = replica.body("/api/v1/model/deployment");
        if (body.isEmpty()) {
            return ids;
        }
        try {
            JsonNode list = DaemonFixture.JSON.readTree(body);
            for (JsonNode item : list.isArray() ? list : list.path("items")) {
                ids.add(item.path("id").asText());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return ids;
    }

    private static void addDeployment(Path work, String id) throws IOException {
        Files.writeString(work.resolve("deployments/models/" + id + ".yaml"), """
                kind: ModelDeployment
                id: %s
                spec:
                  predictor: odahu-ml-server
                  image: registry.example.com/models/%s:1
                """.formatted(id, id));
        git(work, "add", "-A");
        git(work, "commit", "-m", "add " + id);
        git(work, "push", "origin", "HEAD:main");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
