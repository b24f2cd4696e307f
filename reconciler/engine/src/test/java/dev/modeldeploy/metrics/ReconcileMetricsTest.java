package dev.modeldeploy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.health.ManifestStatus;
import dev.modeldeploy.health.State;
import dev.modeldeploy.render.Owner;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ReconcileMetrics metrics = new ReconcileMetrics(registry);

    private static ManifestStatus status(String id, State state) {
        return new ManifestStatus("ModelDeployment", id, state, null, null, null, null, null, null, null, Instant.EPOCH);
    }

    @Test
    void exportsTheNamesTheDaemonPromises() {
        Owner owner = new Owner("ModelDeployment", "m");
        metrics.cycle(new ChangeSet("c1", List.of(
                new ChangeSetEntry(owner, "v1", "ConfigMap", "m-openapi", Action.CREATED, null),
                new ChangeSetEntry(owner, "serving.knative.dev/v1", "Service", "m", Action.FAILED, "boom"))),
                Duration.ofMillis(40));
        metrics.driftCorrected("Service");
        metrics.deploymentStates(List.of(status("m", State.Ready)));

        String text = registry.scrape();

        assertThat(text).contains("modeldeploy_reconcile_duration_seconds_count 1")
                .contains("modeldeploy_reconcile_failures_total 1.0")
                .contains("modeldeploy_objects_total{action=\"created\",kind=\"ConfigMap\"} 1.0")
                .contains("modeldeploy_objects_total{action=\"failed\",kind=\"Service\"} 1.0")
                .contains("modeldeploy_drift_corrections_total{kind=\"Service\"} 1.0")
                .contains("modeldeploy_deployment_state{deployment=\"m\",state=\"Ready\"} 1.0")
                .contains("modeldeploy_deployment_state{deployment=\"m\",state=\"Failed\"} 0.0");
    }

    @Test
    void aDeploymentsStateGaugeFollowsItAndGoesWithIt() {
        metrics.deploymentStates(List.of(status("m", State.Processing), status("n", State.Ready)));
        metrics.deploymentStates(List.of(status("m", State.Failed)));

        String text = registry.scrape();

        assertThat(text).contains("modeldeploy_deployment_state{deployment=\"m\",state=\"Failed\"} 1.0")
                .contains("modeldeploy_deployment_state{deployment=\"m\",state=\"Processing\"} 0.0")
                .doesNotContain("deployment=\"n\"");
    }
}
