package dev.modeldeploy.render.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSettingsTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("cluster-settings.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void defaultsFitStockKnativeAndIstio() {
        ClusterSettings d = ClusterSettings.defaults();
        assertThat(d.namespace()).isEqualTo("modeldeploy");
        assertThat(d.ingress().gateway()).isEqualTo("knative-serving/knative-ingress-gateway");
        assertThat(d.ingress().hosts()).containsExactly("*");
        assertThat(d.localGateway().host()).isEqualTo("knative-local-gateway.istio-system.svc.cluster.local");
        assertThat(d.autoscaling().target()).isEqualTo(10);
        assertThat(d.jwt().enabled()).isTrue();
        assertThat(d.jwt().rolesClaim()).isEqualTo("realm_access.roles");
        assertThat(d.jwt().adminRole()).isEqualTo("modeldeploy-admin");
        assertThat(d.requestLogging().enabled()).isFalse();
        assertThat(d.requestLogging().loggerImage()).isEqualTo("kserve/agent:v0.15.2");
        assertThat(d.requestLogging().collectorUrl()).isEqualTo("http://modeldeploy.modeldeploy.svc.cluster.local:8080/log");
        assertThat(d.triton().modelRepository()).isEqualTo("/models");
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void theExampleFileLoads() {
        Path example = Path.of("../examples-repo/cluster-settings.yaml");
        ClusterSettings s = ClusterSettings.load(example);
        assertThat(s.jwt().issuer()).isEqualTo("https://keycloak.example.com/realms/modeldeploy");
        assertThat(s.requestLogging().enabled()).isTrue();
        assertThat(s.localGateway()).isEqualTo(ClusterSettings.defaults().localGateway());
    }

    @Test
    void aPartialFileKeepsTheOtherDefaults() throws IOException {
        ClusterSettings s = ClusterSettings.load(write("""
                namespace: models
                autoscaling:
                  target: 50
                triton:
                  extraArgs: ["--log-verbose=1"]
                """));
        assertThat(s.namespace()).isEqualTo("models");
        assertThat(s.autoscaling().target()).isEqualTo(50);
        assertThat(s.triton().extraArgs()).containsExactly("--log-verbose=1");
        assertThat(s.triton().modelRepository()).isEqualTo("/models");
        assertThat(s.ingress()).isEqualTo(ClusterSettings.defaults().ingress());
        assertThat(ClusterSettings.load(write(""))).isEqualTo(ClusterSettings.defaults());
    }

    @Test
    void unknownFieldsAreErrorsWithTheirPlace() throws IOException {
        Path file = write("""
                namespace: models
                jwt:
                  enabled: true
                  issuerr: https://x
                """);
        assertThatThrownBy(() -> ClusterSettings.load(file))
                .isInstanceOf(ClusterSettingsException.class)
                .hasMessageStartingWith(file + ":4:")
                .hasMessageContaining("unknown field \"issuerr\" in jwt")
                .hasMessageContaining("known fields: adminRole, enabled, issuer, jwksUri, rolesClaim");
        assertThatThrownBy(() -> ClusterSettings.load(write("namspace: x\n")))
                .hasMessageContaining("unknown field \"namspace\" in the top level");
    }

    @Test
    void wrongTypesAndBadValuesAreErrors() throws IOException {
        assertThatThrownBy(() -> ClusterSettings.load(write("autoscaling:\n  target: lots\n")))
                .hasMessageContaining("autoscaling.target");
        assertThatThrownBy(() -> ClusterSettings.load(write("requestLogging:\n  enabled: \"yes\"\n")))
                .hasMessageContaining("requestLogging.enabled");
        assertThatThrownBy(() -> ClusterSettings.load(write("""
                namespace: Not_Valid
                jwt:
                  issuer: https://issuer
                requestLogging:
                  collectorUrl: ftp://x/log
                  mode: everything
                autoscaling:
                  target: 0
                """)))
                .hasMessageContaining("namespace: \"Not_Valid\"")
                .hasMessageContaining("jwt: give both issuer and jwksUri")
                .hasMessageContaining("requestLogging.collectorUrl")
                .hasMessageContaining("requestLogging.mode")
                .hasMessageContaining("autoscaling.target");
        assertThatThrownBy(() -> ClusterSettings.load(write("namespace: a\nnamespace: b\n")))
                .hasMessageContaining("Duplicate field 'namespace'");
    }

    @Test
    void prometheusIsOptionalAndCheckedWhenGiven() throws IOException {
        assertThat(ClusterSettings.defaults().prometheus().configured()).isFalse();
        assertThat(ClusterSettings.defaults().prometheus().queryTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        ClusterSettings s = ClusterSettings.load(write("""
                prometheus:
                  url: http://prometheus.istio-system:9090
                  queryTimeout: 2s500ms
                """));
        assertThat(s.prometheus()).isEqualTo(new ClusterSettings.Prometheus("http://prometheus.istio-system:9090",
                java.time.Duration.ofMillis(2500)));
        assertThatThrownBy(() -> ClusterSettings.load(write("prometheus:\n  url: prometheus:9090\n  queryTimeout: soon\n")))
                .hasMessageContaining("prometheus.url: must be an http:// or https:// URL, got \"prometheus:9090\"")
                .hasMessageContaining("prometheus.queryTimeout: must be a duration from 100ms to 5m, such as 10s");
        assertThatThrownBy(() -> ClusterSettings.load(write("prometheus:\n  address: http://p:9090\n")))
                .hasMessageContaining("unknown field \"address\" in prometheus (known fields: queryTimeout, url)");
    }

    @Test
    void aMissingFileSaysSo() {
        assertThatThrownBy(() -> ClusterSettings.load(dir.resolve("nope.yaml"))).hasMessageContaining("not found");
    }

    @Test
    void rolesClaimBecomesAnIstioConditionKey() {
        assertThat(new ClusterSettings.Jwt(true, null, null, "realm_access.roles", "a").rolesConditionKey())
                .isEqualTo("request.auth.claims[realm_access][roles]");
        assertThat(new ClusterSettings.Jwt(true, null, null, "groups", "a").rolesConditionKey())
                .isEqualTo("request.auth.claims[groups]");
    }
}
