package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks across files read together (fixtures in cross/). */
class CrossDocumentTest {

    @Test
    void duplicateIdsOfOneKindNameEveryOtherPlaceAndInvalidateRoutesUsingThem() {
        ManifestSet set = Fixtures.load("cross");

        assertThat(Fixtures.lines(set)).containsExactly(
                "team-a/models.yaml:8:5: error: fraud: $.id: duplicate id 'fraud': also defined at team-b/models.yaml:2:5, "
                        + "team-b/more.yml:2:5",
                "team-b/models.yaml:2:5: error: fraud: $.id: duplicate id 'fraud': also defined at team-a/models.yaml:8:5, "
                        + "team-b/more.yml:2:5",
                "team-b/models.yaml:12:15: error: fraud-ab: $.spec.modelDeployments[0].mdName: ModelDeployment 'fraud' is invalid "
                        + "(see team-a/models.yaml:8:5)",
                "team-b/more.yml:2:5: error: fraud: $.id: duplicate id 'fraud': also defined at team-a/models.yaml:8:5, "
                        + "team-b/models.yaml:2:5");
        // the same id in two kinds is fine, and a route may point at a deployment in another file
        assertThat(set.deployments()).extracting(ModelDeployment::id).containsExactly("churn");
        assertThat(set.routes()).extracting(ModelRoute::id).containsExactly("churn");
        assertThat(set.failedFiles()).containsExactly("team-a/models.yaml", "team-b/models.yaml", "team-b/more.yml");
    }
}
