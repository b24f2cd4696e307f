package dev.modeldeploy.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The PromQL text: a deployment's own pods, every Revision, whole-second ranges. */
class IstioQueriesTest {
    private static final String WINE = "reporter=\"destination\",destination_workload_namespace=\"models\","
            + "destination_workload=~\"wine-[0-9]{5,}-deployment\"";

    @Test
    void queriesSelectTheDeploymentsRevisionsAsTheirPodsReportThem() {
        String selector = IstioQueries.selector("models", "wine");

        assertThat(selector).isEqualTo(WINE);
        assertThat(IstioQueries.requestCount(selector, Duration.ofSeconds(30)))
                .isEqualTo("sum(increase(istio_requests_total{" + WINE + "}[30s]))");
        assertThat(IstioQueries.successRatio(selector, Duration.ofMinutes(1))).isEqualTo(
                "sum(rate(istio_requests_total{" + WINE + ",response_code!~\"5..\"}[60s])) / sum(rate(istio_requests_total{" + WINE + "}[60s]))");
        assertThat(IstioQueries.latencyPercentile(selector, 99.9, Duration.ofMillis(1500))).isEqualTo(
                "histogram_quantile(0.999, sum by (le) (rate(istio_request_duration_milliseconds_bucket{" + WINE + "}[2s])))");
        assertThat(IstioQueries.latencyPercentile(selector, 50, Duration.ofMillis(10))).startsWith("histogram_quantile(0.5, ")
                .endsWith("[1s])))");
    }

    @Test
    void namesThatCouldBreakTheQueryAreRefused() {
        assertThatThrownBy(() -> IstioQueries.selector("models", "wine\"} or vector(1) #"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IstioQueries.selector("Models", "wine")).isInstanceOf(IllegalArgumentException.class);
    }
}
