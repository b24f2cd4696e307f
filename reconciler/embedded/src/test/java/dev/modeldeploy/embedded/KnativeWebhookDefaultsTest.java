package dev.modeldeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The test stand-in for Knative's defaulting webhook does what Knative's sources say, on hand-written Services. */
class KnativeWebhookDefaultsTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final KnativeWebhookDefaults.Settings STOCK = KnativeWebhookDefaults.Settings.stock("alice");

    private static JsonNode json(String text) {
        try {
            return M.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Same tree whatever the Java type of each number (300 read back from text is an int, not a long). */
    private static JsonNode reread(JsonNode node) {
        try {
            return M.readTree(node.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<Arguments> conformanceRows() throws IOException {
        Path folder = null;
        for (String candidate : new String[] {"../../manifest-schema/src/test/resources/conformance", "../manifest-schema/src/test/resources/conformance", "manifest-schema/src/test/resources/conformance"}) {
            if (Files.isDirectory(Path.of(candidate))) {
                folder = Path.of(candidate);
            }
        }
        assertThat(folder).as("manifest-schema/src/test/resources/conformance from " + Path.of("").toAbsolutePath()).isNotNull();
        List<Arguments> rows = new ArrayList<>();
        for (String table : List.of("quantities.tsv", "quantities-more.tsv")) {
            List<String> lines = Files.readAllLines(folder.resolve(table)).stream()
                    .filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.split("\t", -1);
                rows.add(Arguments.of(table, columns[1], columns[2]));
            }
        }
        assertThat(rows).hasSizeGreaterThan(36 + 50);
        return rows;
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("conformanceRows")
    void quantitiesAsResourceQuantityStoresThem(String table, String input, String canonical) {
        if (canonical.equals("(invalid)")) {
            assertThatThrownBy(() -> KubernetesQuantity.canonical(input)).isInstanceOf(IllegalArgumentException.class);
        } else {
            assertThat(KubernetesQuantity.canonical(input)).isEqualTo(canonical);
        }
    }

    @Test
    void kubernetesReadsDigitlessQuantitiesAsZero() {
        assertThat(KubernetesQuantity.canonical("Ki")).isEqualTo("0");
        assertThat(KubernetesQuantity.canonical("+")).isEqualTo("0");
        assertThat(KubernetesQuantity.canonical("1e101")).isEqualTo("100e99");
    }

    @Test
    void defaultsAMinimalServiceOnCreate() {
        JsonNode service = json("{'apiVersion':'serving.knative.dev/v1','kind':'Service','metadata':{'name':'s','namespace':'n'},"
                + "'spec':{'template':{'spec':{'containers':[{'image':'img','resources':{'limits':{'cpu':'1000m','memory':'1024Mi'}},"
                + "'livenessProbe':{'httpGet':{'path':'/'},'initialDelaySeconds':0}}]}}}}");

        JsonNode admitted = KnativeWebhookDefaults.apply(service, null, STOCK);

        assertThat(reread(admitted)).isEqualTo(json("{'apiVersion':'serving.knative.dev/v1','kind':'Service',"
                + "'metadata':{'name':'s','namespace':'n','creationTimestamp':null,"
                + "'annotations':{'serving.knative.dev/creator':'alice','serving.knative.dev/lastModifier':'alice'}},"
                + "'spec':{'template':{'metadata':{'creationTimestamp':null},'spec':{"
                + "'containers':[{'name':'user-container','image':'img','resources':{'limits':{'cpu':'1','memory':'1Gi'}},"
                + "'livenessProbe':{'httpGet':{'path':'/','port':0}},"
                + "'readinessProbe':{'tcpSocket':{'port':0},'successThreshold':1}}],"
                + "'enableServiceLinks':false,'timeoutSeconds':300,'containerConcurrency':0}},"
                + "'traffic':[{'latestRevision':true,'percent':100}]}}"));
        assertThat(service.toString()).doesNotContain("user-container");
    }

    @Test
    void severalContainersGetNumberedNamesAndOnlyTheServingOneAReadinessProbe() {
        JsonNode service = json("{'metadata':{'name':'s'},'spec':{'template':{'spec':{'containers':["
                + "{'image':'a'},{'image':'b','ports':[{'containerPort':8080}],"
                + "'readinessProbe':{'httpGet':{'path':'/','port':8080},'periodSeconds':5}},{'name':'user-container-0','image':'c'}]}}}}");

        JsonNode containers = KnativeWebhookDefaults.apply(service, null, STOCK).at("/spec/template/spec/containers");

        assertThat(containers.get(0).path("name").asText()).isEqualTo("user-container-1");
        assertThat(containers.get(1).path("name").asText()).isEqualTo("user-container-2");
        assertThat(containers.get(0).has("readinessProbe")).isFalse();
        assertThat(reread(containers.get(1).path("readinessProbe"))).isEqualTo(json(
                "{'httpGet':{'path':'/','port':8080},'periodSeconds':5,'successThreshold':1,'failureThreshold':3,'timeoutSeconds':1}"));
    }

    @Test
    void configuredDefaultsAndSecurePodDefaultsGoIntoEachContainer() {
        JsonNode service = json("{'metadata':{'name':'s'},'spec':{'template':{'spec':{'containers':["
                + "{'name':'m','image':'a','ports':[{'containerPort':80}],'resources':{'requests':{'cpu':'2'}}}]}}}}");
        KnativeWebhookDefaults.Settings settings = STOCK.withSecurePodDefaults()
                .withContainerResources(Map.of("cpu", "400m", "ephemeral-storage", "500Mi"), Map.of("memory", "0.5Gi"));

        JsonNode container = KnativeWebhookDefaults.apply(service, null, settings).at("/spec/template/spec/containers/0");

        assertThat(reread(container.path("resources"))).isEqualTo(json(
                "{'requests':{'cpu':'2','ephemeral-storage':'500Mi'},'limits':{'memory':'512Mi'}}"));
        assertThat(reread(container.path("securityContext"))).isEqualTo(json("{'allowPrivilegeEscalation':false,"
                + "'seccompProfile':{'type':'RuntimeDefault'},'capabilities':{'drop':['ALL'],'add':['NET_BIND_SERVICE']},'runAsNonRoot':true}"));
    }

    @Test
    void onUpdateServiceLinksAreLeftAloneAndOnlyAChangedSpecNamesTheModifier() {
        JsonNode stored = KnativeWebhookDefaults.apply(json("{'metadata':{'name':'s'},'spec':{'template':{'spec':{'containers':[{'image':'a'}]}}}}"),
                null, STOCK);
        ((com.fasterxml.jackson.databind.node.ObjectNode) stored.at("/spec/template/spec")).remove("enableServiceLinks");
        JsonNode sameSpec = reread(stored);
        JsonNode newImage = reread(stored);
        ((com.fasterxml.jackson.databind.node.ObjectNode) newImage.at("/spec/template/spec/containers/0")).put("image", "b");
        KnativeWebhookDefaults.Settings bob = KnativeWebhookDefaults.Settings.stock("bob");

        JsonNode unchanged = KnativeWebhookDefaults.apply(sameSpec, stored, bob);
        JsonNode changed = KnativeWebhookDefaults.apply(newImage, stored, bob);

        assertThat(unchanged.at("/spec/template/spec").has("enableServiceLinks")).isFalse();
        assertThat(unchanged.at("/metadata/annotations").path(KnativeWebhookDefaults.LAST_MODIFIER).asText()).isEqualTo("alice");
        assertThat(changed.at("/metadata/annotations").path(KnativeWebhookDefaults.LAST_MODIFIER).asText()).isEqualTo("bob");
        assertThat(changed.at("/metadata/annotations").path(KnativeWebhookDefaults.CREATOR).asText()).isEqualTo("alice");
    }

    @Test
    void aQuantityKubernetesCannotReadIsRejected() {
        JsonNode service = json("{'metadata':{'name':'s'},'spec':{'template':{'spec':{'containers':[{'image':'a',"
                + "'resources':{'limits':{'cpu':'lots'}}}]}}}}");

        assertThatThrownBy(() -> KnativeWebhookDefaults.apply(service, null, STOCK)).isInstanceOf(IllegalArgumentException.class);
    }
}
