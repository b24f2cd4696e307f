package dev.modeldeploy.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OwnerKindTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parsesTheKindAsManifestsWriteIt() {
        assertThat(OwnerKind.parse("ModelDeployment")).isEqualTo(OwnerKind.MODEL_DEPLOYMENT);
        assertThat(OwnerKind.parse("ModelRoute")).isEqualTo(OwnerKind.MODEL_ROUTE);
        assertThat(OwnerKind.find("ModelPackaging")).isEmpty();
        assertThat(OwnerKind.find(null)).isEmpty();
        assertThatThrownBy(() -> OwnerKind.parse("modeldeployment"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("modeldeployment");
    }

    @Test
    void ownerPrintsAndSerializesWithTheManifestKind() throws Exception {
        Owner owner = new Owner(OwnerKind.MODEL_ROUTE, "wine-canary");

        assertThat(owner).hasToString("ModelRoute/wine-canary");
        String json = JSON.writeValueAsString(owner);
        assertThat(json).isEqualTo("{\"kind\":\"ModelRoute\",\"id\":\"wine-canary\"}");
        assertThat(JSON.readValue(json, Owner.class)).isEqualTo(owner);
    }
}
