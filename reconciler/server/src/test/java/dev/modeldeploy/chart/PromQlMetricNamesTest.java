package dev.modeldeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

    @Test
    void findsMetricsButNotFunctionsLabelsOrKeywords() {
        String query = "histogram_quantile(0.95, sum by (deployment, le) (label_replace(rate("
                + "kn_serving_invocation_duration_seconds_bucket{namespace=\"$namespace\", pod=~\"($model)-[0-9]+-"
                + "deployment-.+\"}[$__rate_interval]), \"deployment\", \"$1\", \"pod\", \"(.+)-x\")))";

        assertThat(PromQlMetricNames.inExpression(query)).containsExactly("kn_serving_invocation_duration_seconds_bucket");
    }

    @Test
    void handlesBinaryOperatorsOffsetsAndScalars() {
        String query = "sum(rate(a_total[5m] offset 1h)) / on (pod) group_left (node) max without (x) (b_bytes) "
                + "* 1e3 or vector(0) and bool c";

        assertThat(PromQlMetricNames.inExpression(query)).containsExactly("a_total", "b_bytes", "c");
    }

    @Test
    void readsGrafanaVariableQueries() {
        assertThat(PromQlMetricNames.inVariableQuery("label_values(modeldeploy_deployment_state, deployment)"))
                .containsExactly("modeldeploy_deployment_state");
        assertThat(PromQlMetricNames.inVariableQuery(
                "label_values(container_memory_working_set_bytes{container=\"queue-proxy\"}, namespace)"))
                .containsExactly("container_memory_working_set_bytes");
        assertThat(PromQlMetricNames.inVariableQuery("label_values(namespace)")).isEmpty();
        assertThat(PromQlMetricNames.inVariableQuery("query_result(topk(5, up))")).containsExactly("up");
    }
}
