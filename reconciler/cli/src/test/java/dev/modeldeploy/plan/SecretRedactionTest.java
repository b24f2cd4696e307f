package dev.modeldeploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.render.Owner;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A Secret among the rendered objects shows its keys only, in the diff, the meaning and both comparisons. */
class SecretRedactionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Owner OWNER = new Owner("ModelDeployment", "wine");

    private static ObjectNode secret(String key, String value, String otherValue) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"apiVersion": "v1", "kind": "Secret",
                 "metadata": {"name": "wine-pull", "namespace": "modeldeploy",
                              "labels": {"app.kubernetes.io/managed-by": "modeldeploy",
                                         "modeldeploy.dev/deployment-id": "wine"}},
                 "type": "Opaque",
                 "stringData": {"%s": "%s", "stays": "%s"}}
                """.formatted(key, value, otherValue));
    }

    private static ManifestChange plan(ObjectComparer comparer, ObjectNode before, ObjectNode after) {
        return new PlanBuilder(comparer, "modeldeploy-admin").build(
                Map.of(OWNER, new PlanBuilder.ManifestObjects("deployments/wine.yaml", List.of(before))),
                Map.of(OWNER, new PlanBuilder.ManifestObjects("deployments/wine.yaml", List.of(after))), Set.of())
                .get(0);
    }

    @Test
    void changedSecretValueShowsAsChangedKeyWithoutTheValues() throws Exception {
        ManifestChange change = plan(new RenderedComparer(), secret("token", "old-secret-value", "same-value-1"),
                secret("token", "new-secret-value", "same-value-1"));

        String diff = change.objects().get(0).diff();
        assertThat(change.action()).isEqualTo(ChangeAction.CHANGED);
        assertThat(diff).contains("-  token: <redacted>", "+  token: <redacted (changed)>", "stays: <redacted>")
                .doesNotContain("old-secret-value", "new-secret-value", "same-value-1")
                .doesNotContain("b2xkLXNlY3JldC12YWx1ZQ", "bmV3LXNlY3JldC12YWx1ZQ"); // nor their base64
        assertThat(change.meaning()).containsExactly(
                "Secret wine-pull: values change for keys token (values not shown)");
    }

    @Test
    void liveSecretComparesByValueAndPrintsNone() throws Exception {
        ObjectNode live = secret("token", "live-secret-value", "same-value-1");
        ObjectTrees.foldStringData(live);
        live.with("metadata").put("resourceVersion", "7");

        ManifestChange same = plan(new LiveComparer(), live, secret("token", "live-secret-value", "same-value-1"));
        ManifestChange rotated = plan(new LiveComparer(), live, secret("token", "git-secret-value", "same-value-1"));

        assertThat(same.action()).isEqualTo(ChangeAction.UNCHANGED);
        assertThat(rotated.action()).isEqualTo(ChangeAction.CHANGED);
        assertThat(rotated.objects().get(0).diff()).contains("+  token: <redacted (changed)>")
                .doesNotContain("live-secret-value", "git-secret-value");
    }

    @Test
    void addedSecretShowsKeysOnly() throws Exception {
        ManifestChange change = new PlanBuilder(new RenderedComparer(), "admin").build(Map.of(),
                Map.of(OWNER, new PlanBuilder.ManifestObjects(null, List.of(secret("token", "brand-new-value", "x1234")))),
                Set.of()).get(0);

        assertThat(change.action()).isEqualTo(ChangeAction.ADDED);
        assertThat(change.objects().get(0).diff()).contains("+  token: <redacted>")
                .doesNotContain("brand-new-value", "x1234");
    }
}
