package dev.modeldeploy.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InstanceIdTest {
    @Test
    void theDerivedIdentityIsStableAndDiffersByRepositoryBranchAndFolder() {
        InstanceId teamA = InstanceId.derivedFrom("https://git.example.com/team-a/models.git", "main", "deployments");
        assertThat(InstanceId.derivedFrom("https://git.example.com/team-a/models.git", "main", "deployments"))
                .isEqualTo(teamA);
        assertThat(teamA.value()).matches("git-[0-9a-f]{12}");
        assertThat(InstanceId.derivedFrom("https://git.example.com/team-b/models.git", "main", "deployments"))
                .isNotEqualTo(teamA);
        assertThat(InstanceId.derivedFrom("https://git.example.com/team-a/models.git", "prod", "deployments"))
                .isNotEqualTo(teamA);
        assertThat(InstanceId.derivedFrom("https://git.example.com/team-a/models.git", "main", "other"))
                .isNotEqualTo(teamA);
    }

    @Test
    void anIdentityMustBeALabelValue() {
        assertThat(new InstanceId("team-a.prod_1").value()).isEqualTo("team-a.prod_1");
        assertThatThrownBy(() -> new InstanceId("-team")).hasMessageContaining("not a valid label value");
        assertThatThrownBy(() -> new InstanceId("a".repeat(64))).hasMessageContaining("not a valid label value");
        assertThatThrownBy(() -> new InstanceId("team a")).hasMessageContaining("not a valid label value");
    }
}
