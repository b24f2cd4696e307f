package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile or broken files: each gives a clear finding for its own file, never a crash, an exhausted heap or a
 * read outside the folder, and the good files next to it still load.
 */
class UnsafeYamlTest {
    private static final String GOOD = """
            kind: ModelDeployment
            id: good
            spec:
              predictor: triton
              image: registry.example.com/good:1
            """;

    @TempDir
    Path repo;

    @TempDir
    Path elsewhere;

    private ManifestSet loadWith(String name, String content) throws IOException {
        write(name, content.getBytes(StandardCharsets.UTF_8));
        return loadRepo();
    }

    private void write(String name, byte[] content) throws IOException {
        Path file = repo.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private ManifestSet loadRepo() throws IOException {
        write("good.yaml", GOOD.getBytes(StandardCharsets.UTF_8));
        ManifestSet set = Fixtures.LOADER.load(repo);
        // one bad file never stops the others
        assertThat(set.deployments()).extracting(ModelDeployment::id).containsExactly("good");
        assertThat(set.failedFiles()).doesNotContain("good.yaml");
        return set;
    }

    @Test
    void billionLaughsIsRefusedByTheAliasLimit() throws IOException {
        List<String> lines = new ArrayList<>(List.of("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"));
        String previous = "a";
        for (String name : List.of("b", "c", "d", "e", "f", "g", "h", "i")) {
            lines.add(name + ": &" + name + " [" + String.join(", ", java.util.Collections.nCopies(9, "*" + previous)) + "]");
            previous = name;
        }
        ManifestSet set = loadWith("laughs.yaml", String.join("\n", lines) + "\n");

        assertThat(Fixtures.lines(set)).containsExactly(
                "laughs.yaml:1:1: error: -: $: YAML error: more than 50 aliases to mappings or lists (refused as a possible alias bomb)");
    }

    @Test
    void aliasChainUnderTheAliasLimitIsStoppedByTheNodeBudget() throws IOException {
        // 48 aliases, but each level doubles the one before: 2^24 nodes once expanded
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol]\n");
        for (int i = 1; i <= 24; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        ManifestSet set = loadWith("chain.yaml", yaml.toString());

        assertThat(Fixtures.lines(set)).containsExactly(
                "chain.yaml:1:15: error: -: $: file expands to more than 500000 YAML nodes (aliases referring to aliases?); refused");
    }

    @Test
    void recursiveAliasIsStoppedByTheDepthLimit() throws IOException {
        ManifestSet set = loadWith("recursive.yaml", "a: &a\n  - *a\n");

        assertThat(Fixtures.lines(set)).containsExactly(
                "recursive.yaml:1:4: error: -: $: nested deeper than 64 levels (a recursive alias?); refused");
    }

    @Test
    void deeplyNestedFlowCollectionsAreRefused() throws IOException {
        ManifestSet set = loadWith("deep.yaml", "a: " + "[".repeat(100) + "]".repeat(100) + "\n");
        ManifestSet worse = Fixtures.LOADER.load(Files.writeString(elsewhere.resolve("deeper.yaml"),
                "a: " + "[".repeat(50_000) + "]".repeat(50_000) + "\n"));

        assertThat(Fixtures.lines(set)).containsExactly(
                "deep.yaml:1:68: error: -: $: nested deeper than 64 levels (a recursive alias?); refused");
        assertThat(Fixtures.lines(worse)).hasSize(1).first().asString().startsWith("deeper.yaml:1:1: error: -: $: ")
                .containsAnyOf("nested too deeply", "nested deeper than");
    }

    @Test
    void oversizedFileIsRefusedBeforeItsContentIsRead() throws IOException {
        // sparse: 8 GiB on paper, nothing on disk; reading it would exhaust the heap
        try (RandomAccessFile huge = new RandomAccessFile(repo.resolve("huge.yaml").toFile(), "rw")) {
            huge.setLength(8L << 30);
        }
        ManifestSet set = loadRepo();

        assertThat(Fixtures.lines(set)).containsExactly(
                "huge.yaml:1:1: error: -: $: file is 8589934592 bytes, larger than the limit of 1048576 bytes");
        assertThat(ManifestLoader.Limits.DEFAULT.maxFileBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void sizeLimitIsConfigurable() throws IOException {
        Files.writeString(repo.resolve("good.yaml"), GOOD);
        ManifestLoader strict = new ManifestLoader(new ManifestLoader.Limits(64, 50, 1000, 64));

        assertThat(Fixtures.lines(strict.load(repo))).containsExactly(
                "good.yaml:1:1: error: -: $: file is " + GOOD.length() + " bytes, larger than the limit of 64 bytes");
    }

    @Test
    void duplicateKeyIsReportedAtTheRepeatedKey() throws IOException {
        ManifestSet set = loadWith("dup.yaml", """
                kind: ModelDeployment
                id: dup
                spec:
                  predictor: triton
                  image: registry.example.com/dup:1
                  predictor: odahu-ml-server
                """);

        assertThat(Fixtures.lines(set)).containsExactly(
                "dup.yaml:6:3: error: dup: $.spec.predictor: duplicate key 'predictor' (first defined at line 4, column 3)");
    }

    @Test
    void invalidUtf8IsReportedAtTheFirstBadByte() throws IOException {
        byte[] head = "kind: ModelDeployment\nid: café-\u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[head.length + 2];
        System.arraycopy(head, 0, content, 0, head.length);
        content[head.length] = (byte) 0xC3; // a lead byte followed by a byte that cannot continue it
        content[head.length + 1] = (byte) 0x28;
        write("latin.yaml", content);
        ManifestSet set = loadRepo();

        assertThat(Fixtures.lines(set)).containsExactly(
                "latin.yaml:2:11: error: -: $: not valid UTF-8: byte 0xC3 at offset 34 (manifests must be UTF-8 encoded)");
    }

    @Test
    void controlCharacterIsReportedWhereItIs() throws IOException {
        ManifestSet set = loadWith("ctrl.yaml", "kind: ModelDeployment\nid: \"x\u0001\"\n");

        assertThat(Fixtures.lines(set)).containsExactly(
                "ctrl.yaml:2:7: error: -: $: character U+0001 is not allowed in YAML (use an escape sequence in a double-quoted string)");
    }

    @Test
    void syntaxErrorsCarryTheParsersPosition() throws IOException {
        write("indent.yaml", "kind: ModelDeployment\nid: x\nspec:\n  predictor: triton\n   image: y\n".getBytes(StandardCharsets.UTF_8));
        write("tab.yaml", "kind: ModelDeployment\nid: y\nspec:\n\tpredictor: triton\n".getBytes(StandardCharsets.UTF_8));
        write("unclosed.yaml", "kind: ModelDeployment\nid: [z\n".getBytes(StandardCharsets.UTF_8));
        ManifestSet set = loadRepo();

        assertThat(Fixtures.lines(set)).containsExactly(
                "indent.yaml:5:9: error: -: $: YAML syntax error: mapping values are not allowed here",
                "tab.yaml:4:1: error: -: $: YAML syntax error: while scanning for the next token: found character '\\t(TAB)' "
                        + "that cannot start any token. (Do not use \\t(TAB) for indentation)",
                "unclosed.yaml:3:1: error: -: $: YAML syntax error: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
    }

    @Test
    void documentsBeforeASyntaxErrorInTheSameFileAreNotUsed() throws IOException {
        ManifestSet set = loadWith("half.yaml", GOOD.replace("good", "first") + "---\nkind: [\n");

        assertThat(set.deployments()).extracting(ModelDeployment::id).containsExactly("good");
        assertThat(set.failedFiles()).containsExactly("half.yaml");
    }

    @Test
    void tagsThatConstructObjectsAreRejectedNotInstantiated() throws IOException {
        ManifestSet set = loadWith("tags.yaml", """
                kind: ModelDeployment
                id: tags
                spec:
                  predictor: !!python/object/apply:os.system ["echo hi"]
                  image: !!binary aGVsbG8=
                  nodeSelector: !!set {a, b}
                  roleName: !custom admin
                """);
        String plain = " (manifests use plain text, numbers, true/false, lists and mappings)";

        assertThat(Fixtures.lines(set)).containsExactly(
                "tags.yaml:4:14: error: tags: $.spec.predictor: unsupported YAML tag '!!python/object/apply:os.system'" + plain,
                "tags.yaml:5:10: error: tags: $.spec.image: unsupported YAML tag '!!binary'" + plain,
                "tags.yaml:6:17: error: tags: $.spec.nodeSelector: unsupported YAML tag '!!set'" + plain,
                "tags.yaml:7:13: error: tags: $.spec.roleName: unsupported YAML tag '!custom'" + plain);
    }

    @Test
    void nonScalarKeysAndNonMappingDocumentsAreFindings() throws IOException {
        write("key.yaml", "kind: ModelDeployment\nid: key\n? [a, b]\n: c\n".getBytes(StandardCharsets.UTF_8));
        write("list.yaml", "- kind: ModelDeployment\n".getBytes(StandardCharsets.UTF_8));
        ManifestSet set = loadRepo();

        assertThat(Fixtures.lines(set)).containsExactly(
                "key.yaml:1:1: error: key: $.spec: missing required field 'spec'",
                "key.yaml:3:3: error: key: $: a mapping key must be plain text, not a mapping or list",
                "list.yaml:1:1: error: -: $: a manifest must be a mapping with kind, id and spec");
    }

    @Test
    void symbolicLinksLeadingOutsideTheFolderAreReportedAndNotFollowed() throws IOException {
        Path secret = Files.writeString(elsewhere.resolve("secret.yaml"), GOOD.replace("good", "outside"));
        Files.createDirectories(elsewhere.resolve("more"));
        Files.writeString(elsewhere.resolve("more/other.yaml"), GOOD.replace("good", "outside-dir"));
        Files.createSymbolicLink(repo.resolve("linked.yaml"), secret);
        Files.createDirectories(repo.resolve("team"));
        Files.createSymbolicLink(repo.resolve("team/shared"), elsewhere.resolve("more"));
        Files.createSymbolicLink(repo.resolve("team/dangling.yml"), elsewhere.resolve("missing.yaml"));
        Files.createSymbolicLink(repo.resolve("team/relative.yaml"), Path.of("../../" + elsewhere.getFileName() + "/secret.yaml"));
        ManifestSet set = loadRepo();

        assertThat(Fixtures.lines(set)).containsExactly(
                "linked.yaml:1:1: error: -: $: symbolic link leads outside the manifest folder; not followed",
                "team/dangling.yml:1:1: error: -: $: broken symbolic link: its target does not exist",
                "team/relative.yaml:1:1: error: -: $: symbolic link leads outside the manifest folder; not followed",
                "team/shared:1:1: error: -: $: symbolic link leads outside the manifest folder; not followed");
        assertThat(set.failedFiles()).containsExactly("linked.yaml", "team/dangling.yml", "team/relative.yaml", "team/shared");
    }

    @Test
    void symbolicLinksInsideTheFolderAreReadOnceThroughFileLinksAndSkippedForFolders() throws IOException {
        Files.createDirectories(repo.resolve("real"));
        Files.writeString(repo.resolve("real/model.yaml"), GOOD.replace("good", "real"));
        Files.createSymbolicLink(repo.resolve("alias-folder"), repo.resolve("real"));
        Files.createDirectories(repo.resolve("links"));
        Files.createSymbolicLink(repo.resolve("links/promoted.yaml"), Path.of("../real/model.yaml"));
        Files.writeString(repo.resolve("good.yaml"), GOOD);

        ManifestSet set = Fixtures.LOADER.load(repo);

        // the file link is read (and so duplicates its target's id); the folder link adds nothing
        assertThat(Fixtures.lines(set)).containsExactly(
                "links/promoted.yaml:2:5: error: real: $.id: duplicate id 'real': also defined at real/model.yaml:2:5",
                "real/model.yaml:2:5: error: real: $.id: duplicate id 'real': also defined at links/promoted.yaml:2:5");
    }
}
