package dev.modeldeploy.manifest.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-line edit behind `modeldeploy route rollout abort`, in every layout a manifest may have. */
class RolloutAbortTest {
    private static final String DEPLOYMENTS = """
            kind: ModelDeployment
            id: wine
            spec: {predictor: odahu-ml-server, image: "registry.example.com/wine:1"}
            ---
            kind: ModelDeployment
            id: wine-v2
            spec: {predictor: odahu-ml-server, image: "registry.example.com/wine:2"}
            """;
    private static final String BLOCK = """
            # the team's comment stays
            kind: ModelRoute
            id: wine-rollout
            spec:
              urlPrefix: /custom/wine
              modelDeployments:
                - mdName: wine
                - mdName: wine-v2
              rollout:
                stable: wine      # today's model
                candidate: wine-v2
                steps: [10, 100]
                interval: 1m
                analysis:
                  successRate: {min: 99}
            """;

    @TempDir
    Path folder;

    private ManifestSet load(String routeFile) throws Exception {
        Files.writeString(folder.resolve("deployments.yaml"), DEPLOYMENTS);
        Files.writeString(folder.resolve("route.yaml"), routeFile);
        return new ManifestLoader().load(folder);
    }

    @Test
    void aBlockRolloutGetsOneNewLineAndNothingElseChanges() throws Exception {
        String aborted = RolloutAbort.apply(BLOCK, "wine-rollout");

        assertThat(aborted).isEqualTo(BLOCK.replace("  rollout:\n    stable: wine", "  rollout:\n    abort: true\n    stable: wine"));
        ManifestSet set = load(aborted);
        assertThat(set.findings()).isEmpty();
        assertThat(set.routes().get(0).spec().rollout().abort()).isTrue();
    }

    @Test
    void anExistingValueIsReplacedAndAnAbortedRouteIsLeftAlone() throws Exception {
        String written = BLOCK.replace("    interval: 1m\n", "    interval: 1m\n    abort: false   # not yet\n");

        String aborted = RolloutAbort.apply(written, "wine-rollout");

        assertThat(aborted).isEqualTo(written.replace("abort: false   # not yet", "abort: true   # not yet"));
        assertThat(RolloutAbort.apply(aborted, "wine-rollout")).isSameAs(aborted);
        assertThat(load(aborted).routes().get(0).spec().rollout().abort()).isTrue();
    }

    @Test
    void flowStyleAndJsonStayFlowStyleAndJson() throws Exception {
        String json = "{\"kind\": \"ModelRoute\", \"id\": \"wine-rollout\", \"spec\": {\"urlPrefix\": \"/custom/wine\", "
                + "\"modelDeployments\": [{\"mdName\": \"wine\"}, {\"mdName\": \"wine-v2\"}], \"rollout\": {\"stable\": \"wine\", "
                + "\"candidate\": \"wine-v2\", \"steps\": [100], \"interval\": \"1m\", \"analysis\": {\"successRate\": {\"min\": 99}}}}}\n";

        String aborted = RolloutAbort.apply(json, "wine-rollout");

        assertThat(aborted).isEqualTo(json.replace("\"rollout\": {\"stable\"", "\"rollout\": {\"abort\": true, \"stable\""));
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(aborted);
        assertThat(load(aborted).routes().get(0).spec().rollout().abort()).isTrue();
    }

    @Test
    void onlyTheNamedRouteOfAMultiDocumentFileChanges() {
        String file = BLOCK + "---\n" + BLOCK.replace("id: wine-rollout", "id: other").replace("/custom/wine", "/custom/other");

        String aborted = RolloutAbort.apply(file, "other");

        int second = aborted.indexOf("---\n");
        assertThat(aborted.substring(0, second)).isEqualTo(BLOCK);
        assertThat(aborted.substring(second)).contains("    abort: true\n    stable: wine");
    }

    @Test
    void aRouteWithoutRolloutOrAnotherIdIsAnError() {
        assertThatThrownBy(() -> RolloutAbort.apply(BLOCK, "nope")).hasMessage("no ModelRoute with id nope in the file");
        String plain = "kind: ModelRoute\nid: plain\nspec:\n  urlPrefix: /custom/p\n  modelDeployments:\n    - mdName: wine\n";
        assertThatThrownBy(() -> RolloutAbort.apply(plain, "plain")).hasMessage("route plain has no spec.rollout to abort");
    }
}
