package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which files are read, and how they are named in findings (fixture folder discovery/). */
class FileDiscoveryTest {

    @Test
    void readsEveryYamlFileRecursivelyExceptStatusSettingsValuesAndHiddenOnes() {
        ManifestLoader.LoadResult result = Fixtures.LOADER.loadWithFiles(List.of(Fixtures.resource("discovery")));
        String prefix = Fixtures.resource("discovery").toString();

        assertThat(result.files()).containsExactly(
                prefix + "/config/app.yaml",
                prefix + "/model.yaml",
                prefix + "/nested/deep/model.yml",
                prefix + "/nested/empty.yaml",
                prefix + "/nested/list.yaml",
                prefix + "/nested/status/inner.yaml");
    }

    @Test
    void yamlThatIsNotAManifestIsAnError() {
        ManifestSet set = Fixtures.load("discovery");

        assertThat(Fixtures.lines(set)).containsExactly(
                "config/app.yaml:1:1: error: -: $.kind: missing required field 'kind' (ModelDeployment or ModelRoute)",
                "nested/list.yaml:1:1: error: -: $: a manifest must be a mapping with kind, id and spec");
        // only a top-level status/ folder is skipped; empty documents are ignored
        assertThat(set.deployments()).extracting(ModelDeployment::id).containsExactly("top", "deep", "inner");
        assertThat(set.deployments()).extracting(d -> d.source().file())
                .containsExactly("model.yaml", "nested/deep/model.yml", "nested/status/inner.yaml");
        assertThat(set.failedFiles()).containsExactly("config/app.yaml", "nested/list.yaml");
    }

    @Test
    void pathsGivenTogetherAreNamedAsWrittenJoinedWithTheRelativePath() {
        Path cwd = Path.of("").toAbsolutePath();
        Path folder = cwd.relativize(Fixtures.resource("discovery/nested"));
        Path file = cwd.relativize(Fixtures.resource("discovery/config/app.yaml"));

        ManifestLoader.LoadResult result = Fixtures.LOADER.loadWithFiles(List.of(folder, file));

        String nested = folder.toString().replace('\\', '/');
        String app = file.toString().replace('\\', '/');
        // status/ is "top-level" relative to each folder given: nested/status is skipped here
        assertThat(result.files()).containsExactly(nested + "/deep/model.yml", nested + "/empty.yaml", nested + "/list.yaml", app);
        assertThat(Fixtures.lines(result.manifests())).containsExactly(
                nested + "/list.yaml:1:1: error: -: $: a manifest must be a mapping with kind, id and spec",
                app + ":1:1: error: -: $.kind: missing required field 'kind' (ModelDeployment or ModelRoute)");
    }

    @Test
    void aSingleFileIsNamedByItsFileNameAndReadEvenWithASkippedName() {
        ManifestSet set = Fixtures.load("discovery/helm/values.yaml");

        assertThat(Fixtures.lines(set)).containsExactly(
                "values.yaml:1:1: error: -: $.kind: missing required field 'kind' (ModelDeployment or ModelRoute)");
    }

    @Test
    void aMissingPathOrOneThatIsNotARegularFileIsAFinding(@org.junit.jupiter.api.io.TempDir Path folder) {
        ManifestSet set = Fixtures.LOADER.load(List.of(folder.resolve("missing.yaml"), Path.of("/dev/null")));

        assertThat(Fixtures.lines(set)).containsExactly(
                folder + "/missing.yaml:1:1: error: -: $: no such file or folder",
                "/dev/null:1:1: error: -: $: not a regular file or folder");
        assertThat(set.failedFiles()).containsExactly("/dev/null", folder + "/missing.yaml");
    }

    @Test
    void skipRuleCoversTheNamedPatterns() {
        assertThat(List.of("a.yaml", "a.yml", "A.YAML", "a.json", "B.JSON", "values-like.json", "my-values.yaml", "settings.yaml", "a.jsonl"))
                .filteredOn(ManifestFiles::isManifestName)
                .containsExactly("a.yaml", "a.yml", "A.YAML", "a.json", "B.JSON", "my-values.yaml", "settings.yaml");
        assertThat(List.of("cluster-settings.yaml", "cluster-settings.yml", "prod.settings.yaml", "values.yaml", "values-prod.yml",
                "cluster-settings.json", "values.json"))
                .noneMatch(ManifestFiles::isManifestName);
    }
}
