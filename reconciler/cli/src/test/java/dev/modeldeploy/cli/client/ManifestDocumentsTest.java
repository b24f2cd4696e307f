package dev.modeldeploy.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestDocumentsTest {

    private static final String FILE = """
            # shared header comment
            ---
            kind: ModelDeployment
            id: a
            spec: {image: a}
            ---
            kind: ModelRoute
            id: b
            ...
            ---
            # only a comment
            ---
            kind: ModelDeployment
            id: c
            """;

    @Test
    void splitsDocumentsWithTheirLinesSkippingEmptyOnes() {
        List<ManifestDocuments.Document> documents = ManifestDocuments.split(FILE);
        assertThat(documents).extracting(ManifestDocuments.Document::id).containsExactly("a", "b", "c");
        assertThat(documents).extracting(ManifestDocuments.Document::kind)
                .containsExactly("ModelDeployment", "ModelRoute", "ModelDeployment");
        assertThat(documents.get(0).firstLine()).isEqualTo(3);
        assertThat(documents.get(2).firstLine()).isEqualTo(13);
    }

    @Test
    void replacesOneDocumentAndKeepsTheRestByteForByte() {
        ManifestDocuments.Document b = ManifestDocuments.split(FILE).get(1);
        String updated = ManifestDocuments.replace(FILE, b, "kind: ModelRoute\nid: b\nspec: {}");
        assertThat(updated).isEqualTo(FILE.replace("kind: ModelRoute\nid: b\n", "kind: ModelRoute\nid: b\nspec: {}\n"));
    }

    @Test
    void removesADocumentWithOneSeparator() {
        ManifestDocuments.Document a = ManifestDocuments.split(FILE).get(0);
        String without = ManifestDocuments.remove(FILE, a);
        assertThat(without).isEqualTo(FILE.replace("---\nkind: ModelDeployment\nid: a\nspec: {image: a}\n", ""));
        assertThat(ManifestDocuments.split(without)).extracting(ManifestDocuments.Document::id).containsExactly("b", "c");
    }

    @Test
    void removingTheOnlyDocumentLeavesNothing() {
        String single = "kind: ModelDeployment\nid: x\n";
        assertThat(ManifestDocuments.remove(single, ManifestDocuments.split(single).get(0))).isNull();
    }

    @Test
    void unreadableDocumentKeepsItsPlaceWithoutKindOrId() {
        List<ManifestDocuments.Document> documents = ManifestDocuments.split("kind: [unclosed\n---\nkind: ModelRoute\nid: r\n");
        assertThat(documents).hasSize(2);
        assertThat(documents.get(0).kind()).isNull();
        assertThat(documents.get(1).id()).isEqualTo("r");
    }
}
