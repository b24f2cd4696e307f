package dev.modeldeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.modeldeploy.daemon.DaemonConfig;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every object helm template renders, read back through fabric8's model and checked for what matters. */
class ChartTemplateTest {

    private static final String FULLNAME = HelmChart.RELEASE + "-modeldeploy";
    private static final String RELEASE_NAMESPACE = HelmChart.NAMESPACE;
    private static final List<String> MANAGED_VERBS =
            List.of("get", "list", "watch", "create", "patch", "update", "delete");
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path scratch;

    private RenderedRelease render(Scenario scenario) {
        return RenderedRelease.parse(HelmChart.template(scenario.values, scratch));
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyCoreObjectIsFabric8ModelWithoutUnknownFields(Scenario scenario) {
        List<String> problems = new ArrayList<>();
        for (RenderedRelease.RenderedObject object : render(scenario).objects()) {
            if (object.typed() != null) {
                UnknownFields.problems(object.json(), object.typed())
                        .forEach(p -> problems.add(object.apiVersionKind() + " " + object.name() + ": " + p));
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void podRunsNonRootReadOnlyWithoutCapabilities(Scenario scenario) {
        PodSpec pod = podTemplate(render(scenario)).getSpec();
        PodSecurityContext podSecurity = pod.getSecurityContext();
        Container daemon = daemonContainer(pod);
        SecurityContext security = daemon.getSecurityContext();

        assertThat(podSecurity.getRunAsNonRoot()).isTrue();
        assertThat(podSecurity.getRunAsUser()).isPositive();
        assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(mountPaths(daemon)).containsEntry("/var/lib/modeldeploy", "state").containsEntry("/tmp", "tmp");
        assertThat(volume(pod, "tmp").getEmptyDir()).isNotNull();
    }

    @Test
    void defaultDaemonIsATwoReplicaDeploymentWithProbesAndABudget() {
        RenderedRelease release = render(Scenario.DEFAULTS);
        Deployment deployment = release.one(Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container daemon = daemonContainer(pod);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(daemon.getImage()).isEqualTo(ChartImageTest.buildProperty("modeldeploy.imageName"));
        assertThat(daemon.getArgs()).containsExactly("run", "--config", "/etc/modeldeploy/config.yaml");
        assertThat(daemon.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertThat(daemon.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(daemon.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(daemon.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(daemon.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(daemon.getResources().getLimits()).containsKey("memory");
        assertThat(volume(pod, "state").getEmptyDir()).isNotNull();
        assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);
        assertThat(pod.getVolumes()).extracting(Volume::getSecret).containsOnlyNulls();
        assertThat(release.all(StatefulSet.class)).isEmpty();

        Service service = release.named(Service.class, FULLNAME);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getPort()).isEqualTo(8080);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());

        PodDisruptionBudget budget = release.one(PodDisruptionBudget.class);
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void roleGrantsExactlyTheManagedKindsInTheTargetNamespacePlusLeases() {
        RenderedRelease release = render(Scenario.DEFAULTS);
        Role managed = release.named(Role.class, FULLNAME);
        Role leader = release.named(Role.class, FULLNAME + "-leader-election");

        assertThat(managed.getMetadata().getNamespace()).isEqualTo(RELEASE_NAMESPACE);
        assertGrantsExactlyManagedKinds(managed.getRules());
        assertThat(leader.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getVerbs()).doesNotContain("delete", "*");
        });
        assertThat(release.all(ClusterRole.class)).isEmpty();
        assertThat(release.all(ClusterRoleBinding.class)).isEmpty();
        assertBoundToDaemonServiceAccount(release.named(RoleBinding.class, FULLNAME), "Role");
        assertBoundToDaemonServiceAccount(release.named(RoleBinding.class, FULLNAME + "-leader-election"), "Role");
    }

    @Test
    void clusterWideSwitchesTheManagedKindsToAClusterRoleAndKeepsLeasesNamespaced() {
        RenderedRelease release = render(Scenario.CLUSTER_WIDE);

        ClusterRole managed = release.one(ClusterRole.class);
        assertGrantsExactlyManagedKinds(managed.getRules());
        ClusterRoleBinding binding = release.one(ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(managed.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getName()).isEqualTo(FULLNAME);
            assertThat(subject.getNamespace()).isEqualTo(RELEASE_NAMESPACE);
        });
        assertThat(release.all(Role.class)).singleElement().satisfies(role -> {
            assertThat(role.getMetadata().getName()).isEqualTo(FULLNAME + "-leader-election");
            assertThat(role.getMetadata().getNamespace()).isEqualTo(RELEASE_NAMESPACE);
        });
        assertThat(clusterSettings(release).path("namespace").asText()).isEqualTo("models");
    }

    @Test
    void targetNamespaceGetsTheRoleWhileLeasesStayInTheReleaseNamespace() {
        RenderedRelease release = RenderedRelease.parse(
                HelmChart.template("cluster:\n  namespace: models\n", scratch));

        assertThat(release.named(Role.class, FULLNAME).getMetadata().getNamespace()).isEqualTo("models");
        assertThat(release.named(RoleBinding.class, FULLNAME).getMetadata().getNamespace()).isEqualTo("models");
        assertThat(release.named(Role.class, FULLNAME + "-leader-election").getMetadata().getNamespace())
                .isEqualTo(RELEASE_NAMESPACE);
        assertThat(config(release).path("leaderElection").path("namespace").asText()).isEqualTo(RELEASE_NAMESPACE);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void configIsAcceptedByTheDaemonsConfigLoader(Scenario scenario) throws IOException {
        RenderedRelease release = render(scenario);
        Path file = scratch.resolve("config-" + scenario + ".yaml");
        Files.writeString(file, configMap(release).getData().get("config.yaml"));

        DaemonConfig config = DaemonConfig.load(file);

        assertThat(config.cluster().mode()).isEqualTo("in-cluster");
        assertThat(config.cluster().settingsFile()).isEqualTo("/etc/modeldeploy/cluster-settings.yaml");
        assertThat(config.stateDir()).isEqualTo("/var/lib/modeldeploy");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.leaderElection().enabled()).isTrue();
        assertThat(configMap(release).getData()).containsKey("cluster-settings.yaml");
        assertThat(mountPaths(daemonContainer(podTemplate(release).getSpec())))
                .containsEntry("/etc/modeldeploy", "config");
    }

    /**
     * Every *File the config names is a key of a Secret mounted read-only at that folder, every *Env a variable
     * taken from a Secret (when one is configured): credentials travel only by reference.
     */
    @ParameterizedTest
    @EnumSource(Scenario.class)
    void credentialsAreMountedByReferenceWhereTheConfigLooksForThem(Scenario scenario) {
        RenderedRelease release = render(scenario);
        PodSpec pod = podTemplate(release).getSpec();
        Container daemon = daemonContainer(pod);
        JsonNode config = config(release);

        List<String> secretFiles = new ArrayList<>();
        collectValues(config, "File", secretFiles);
        secretFiles.remove("/etc/modeldeploy/cluster-settings.yaml");
        for (String file : secretFiles.stream().filter(f -> !f.isEmpty()).toList()) {
            Path path = Path.of(file);
            VolumeMount mount = daemon.getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals(path.getParent().toString())).findFirst()
                    .orElseThrow(() -> new AssertionError("nothing mounted at " + path.getParent() + " for " + file));
            assertThat(mount.getReadOnly()).as("mount of %s", file).isTrue();
            Volume volume = volume(pod, mount.getName());
            assertThat(volume.getSecret()).as("volume for %s", file).isNotNull();
            assertThat(volume.getSecret().getItems()).extracting(KeyToPath::getPath)
                    .contains(path.getFileName().toString());
        }
        for (Volume volume : pod.getVolumes()) {
            if (volume.getSecret() != null) {
                assertThat(volume.getSecret().getSecretName()).isIn(referencedSecrets(scenario));
            }
        }
        for (EnvVar env : daemon.getEnv()) {
            if (env.getName().matches("(?i).*(secret|token|password|key).*")) {
                assertThat(env.getValue()).as("env %s must come from a Secret", env.getName()).isNull();
                assertThat(env.getValueFrom().getSecretKeyRef()).as("env %s", env.getName()).isNotNull();
            }
        }
        assertThat(release.objects()).extracting(RenderedRelease.RenderedObject::apiVersionKind)
                .doesNotContain("v1/Secret");
        JsonNode gitAuth = config.path("git").path("auth");
        gitAuth.fieldNames().forEachRemaining(key -> assertThat(key).matches("username|.*File|.*Env"));
    }

    @Test
    void sshCredentialsAndKnownHostsComeFromTheExistingSecret() {
        RenderedRelease release = render(Scenario.SSH);
        PodSpec pod = podTemplate(release).getSpec();
        JsonNode config = config(release);

        Volume git = volume(pod, "git-credentials");
        assertThat(git.getSecret().getSecretName()).isEqualTo("git-ssh");
        assertThat(git.getSecret().getItems()).extracting(KeyToPath::getKey, KeyToPath::getPath)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ssh-privatekey", "ssh-privatekey"),
                        org.assertj.core.groups.Tuple.tuple("known_hosts", "known_hosts"));
        assertThat(config.path("git").path("repo").asText()).isEqualTo("git@git.example.com:ml/models.git");
        assertThat(config.path("git").path("auth").path("sshKeyFile").asText())
                .isEqualTo("/var/run/secrets/modeldeploy/git/ssh-privatekey");
        assertThat(config.path("git").path("auth").path("knownHostsFile").asText())
                .isEqualTo("/var/run/secrets/modeldeploy/git/known_hosts");
        assertThat(config.path("webhook").path("secretFile").asText())
                .isEqualTo("/var/run/secrets/modeldeploy/webhook/secret");
        assertThat(volume(pod, "webhook-secret").getSecret().getSecretName()).isEqualTo("git-webhook");
    }

    @Test
    void tokenComesFromTheConfiguredKeyAndJwtReachesBothDaemonAndClusterSettings() {
        RenderedRelease release = render(Scenario.TOKEN);
        PodSpec pod = podTemplate(release).getSpec();
        JsonNode config = config(release);
        JsonNode settings = clusterSettings(release);

        assertThat(volume(pod, "git-credentials").getSecret().getItems())
                .extracting(KeyToPath::getKey, KeyToPath::getPath)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pat", "token"));
        assertThat(config.path("git").path("auth").path("tokenFile").asText())
                .isEqualTo("/var/run/secrets/modeldeploy/git/token");
        assertThat(config.path("auth").path("enabled").asBoolean()).isTrue();
        assertThat(settings.path("jwt").path("issuer").asText()).isEqualTo("https://keycloak.example.com/realms/ml");
        assertThat(settings.path("jwt").path("enabled").asBoolean()).isTrue();
        assertThat(settings.path("jwt").path("jwksUri").asText()).isEqualTo(config.path("auth").path("jwksUrl").asText());
        assertThat(settings.path("jwt").path("rolesClaim").asText()).isEqualTo("realm_access.roles");
        assertThat(settings.path("jwt").path("adminRole").asText()).isEqualTo("modeldeploy-admin");
    }

    @Test
    void feedbackTurnsOnRequestLoggingToThisServicesLogPathAndBucketKeysFromTheSecret() {
        RenderedRelease release = render(Scenario.FEEDBACK_S3);
        Container daemon = daemonContainer(podTemplate(release).getSpec());
        JsonNode config = config(release);
        JsonNode logging = clusterSettings(release).path("requestLogging");

        assertThat(config.path("feedback").path("enabled").asBoolean()).isTrue();
        assertThat(config.path("feedback").path("bucket").asText()).isEqualTo("s3://ml-feedback/prod");
        assertThat(config.path("feedback").path("s3").path("pathStyle").asBoolean()).isTrue();
        assertThat(logging.path("enabled").asBoolean()).isTrue();
        assertThat(logging.path("collectorUrl").asText())
                .isEqualTo("http://" + FULLNAME + "." + RELEASE_NAMESPACE + ".svc.cluster.local:8080/log");
        for (String envKey : List.of("accessKeyIdEnv", "secretAccessKeyEnv")) {
            String name = config.path("feedback").path("s3").path(envKey).asText();
            EnvVar env = daemon.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no env " + name));
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("feedback-bucket");
        }
        assertThat(release.all(Deployment.class)).hasSize(1);
        assertThat(volume(podTemplate(release).getSpec(), "state").getEmptyDir()).isNotNull();
    }

    @Test
    void withoutFeedbackRequestLoggingIsOff() {
        JsonNode logging = clusterSettings(render(Scenario.DEFAULTS)).path("requestLogging");

        assertThat(logging.path("enabled").asBoolean()).isFalse();
        assertThat(logging.path("collectorUrl").asText()).endsWith(".svc.cluster.local:8080/log");
    }

    /** The renderers' own loader reads cluster-settings.yaml strictly: unknown fields and inconsistencies are errors. */
    @ParameterizedTest
    @EnumSource(Scenario.class)
    void clusterSettingsAreAcceptedByTheRenderersLoader(Scenario scenario) throws IOException {
        RenderedRelease release = render(scenario);
        Path file = scratch.resolve("cluster-settings-" + scenario + ".yaml");
        Files.writeString(file, configMap(release).getData().get("cluster-settings.yaml"));

        ClusterSettings settings = ClusterSettings.load(file);

        assertThat(settings.namespace()).isEqualTo(scenario == Scenario.CLUSTER_WIDE ? "models" : RELEASE_NAMESPACE);
        assertThat(settings.requestLogging().enabled()).isEqualTo(scenario.name().startsWith("FEEDBACK"));
        assertThat(settings.requestLogging().collectorUrl())
                .isEqualTo("http://" + FULLNAME + "." + RELEASE_NAMESPACE + ".svc.cluster.local:8080/log");
        assertThat(settings.jwt().enabled()).isEqualTo(config(release).path("auth").path("enabled").asBoolean());
        assertThat(settings.ingress().gateway()).isEqualTo("knative-serving/knative-ingress-gateway");
    }

    @Test
    void persistentFeedbackRunsAStatefulSetWithAVolumePerReplica() {
        RenderedRelease release = render(Scenario.FEEDBACK_GCS_PERSISTENT);
        StatefulSet statefulSet = release.one(StatefulSet.class);
        PodSpec pod = statefulSet.getSpec().getTemplate().getSpec();

        assertThat(release.all(Deployment.class)).isEmpty();
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(2);
        assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
            assertThat(claim.getMetadata().getName()).isEqualTo("state");
            assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
            assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("10Gi");
        });
        assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain("state");
        Service headless = release.named(Service.class, statefulSet.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(config(release).path("feedback").path("gcs").path("credentialsFile").asText())
                .isEqualTo("/var/run/secrets/modeldeploy/gcs/credentials.json");
        assertThat(volume(pod, "gcs-credentials").getSecret().getSecretName()).isEqualTo("feedback-gcs");
    }

    @Test
    void dashboardsAreConfigMapsForTheGrafanaSidecar() {
        RenderedRelease release = render(Scenario.MONITORING);
        List<ConfigMap> dashboards = release.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getLabels().containsKey("grafana_dashboard")).toList();

        assertThat(dashboards).hasSize(2).allSatisfy(dashboard -> {
            assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
            assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
            assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "ML models");
            assertThat(dashboard.getData()).hasSize(1);
            String json = dashboard.getData().values().iterator().next();
            assertThat(YAML.readTree(json).path("panels").isArray()).isTrue();
        });
        assertThat(dashboards).flatExtracting(c -> c.getData().keySet())
                .containsExactlyInAnyOrder("model-deployments.json", "modeldeploy-daemon.json");
        assertThat(release.custom("monitoring.coreos.com/v1/ServiceMonitor")).hasSize(1);
        assertThat(release.custom("monitoring.coreos.com/v1/ServiceMonitor")).isNotEmpty();
        assertThat(render(Scenario.DEFAULTS).custom("monitoring.coreos.com/v1/ServiceMonitor")).isEmpty();
    }

    /** Full control of exactly the kinds the renderers emit, and reading the Revisions health comes from. */
    private static void assertGrantsExactlyManagedKinds(List<PolicyRule> rules) {
        Set<String> managed = new TreeSet<>();
        Set<String> readOnly = new TreeSet<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getResourceNames()).isNullOrEmpty();
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            boolean fullControl = Set.copyOf(rule.getVerbs()).equals(Set.copyOf(MANAGED_VERBS));
            if (!fullControl) {
                assertThat(rule.getVerbs()).as("verbs of %s", rule.getResources()).containsExactly("get", "list", "watch");
            }
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    assertThat((fullControl ? managed : readOnly).add(group + "/" + resource))
                            .as("granted twice: %s/%s", group, resource).isTrue();
                }
            }
        }
        Set<String> rendered = new TreeSet<>();
        for (ManagedKind kind : ManagedKind.ALL) {
            rendered.add(kind.group() + "/" + kind.plural());
        }
        assertThat(managed).isEqualTo(rendered);
        assertThat(readOnly).containsExactly("serving.knative.dev/revisions");
    }

    private static void assertBoundToDaemonServiceAccount(RoleBinding binding, String roleKind) {
        assertThat(binding.getRoleRef().getKind()).isEqualTo(roleKind);
        assertThat(binding.getRoleRef().getName()).isEqualTo(binding.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(FULLNAME);
            assertThat(subject.getNamespace()).isEqualTo(RELEASE_NAMESPACE);
        });
    }

    private static Set<String> referencedSecrets(Scenario scenario) {
        Set<String> names = new HashSet<>();
        try {
            JsonNode values = YAML.readTree(scenario.values.isBlank() ? "{}" : scenario.values);
            collectValues(values, "existingSecret", names);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static void collectValues(JsonNode node, String keySuffix, java.util.Collection<String> into) {
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isTextual() && field.getKey().endsWith(keySuffix)) {
                into.add(field.getValue().asText());
            } else if (field.getValue().isObject()) {
                collectValues(field.getValue(), keySuffix, into);
            }
        });
    }

    private static PodTemplateSpec podTemplate(RenderedRelease release) {
        List<Deployment> deployments = release.all(Deployment.class);
        List<StatefulSet> statefulSets = release.all(StatefulSet.class);
        assertThat(deployments.size() + statefulSets.size()).as("daemon workloads").isEqualTo(1);
        return deployments.isEmpty()
                ? statefulSets.get(0).getSpec().getTemplate()
                : deployments.get(0).getSpec().getTemplate();
    }

    private static Container daemonContainer(PodSpec pod) {
        assertThat(pod.getContainers()).hasSize(1);
        return pod.getContainers().get(0);
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static Map<String, String> mountPaths(Container container) {
        Map<String, String> paths = new java.util.HashMap<>();
        container.getVolumeMounts().forEach(m -> paths.put(m.getMountPath(), m.getName()));
        return paths;
    }

    private static ConfigMap configMap(RenderedRelease release) {
        return release.named(ConfigMap.class, FULLNAME);
    }

    private static JsonNode config(RenderedRelease release) {
        return readYaml(configMap(release).getData().get("config.yaml"));
    }

    private static JsonNode clusterSettings(RenderedRelease release) {
        return readYaml(configMap(release).getData().get("cluster-settings.yaml"));
    }

    private static JsonNode readYaml(String text) {
        try {
            return Optional.ofNullable(YAML.readTree(text)).orElseThrow();
        } catch (IOException e) {
            throw new AssertionError("not YAML: " + text, e);
        }
    }
}
