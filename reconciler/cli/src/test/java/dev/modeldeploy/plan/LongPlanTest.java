package dev.modeldeploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull request adding 60 deployments renders far more than a comment may hold: the Markdown is cut to under
 * 65,000 characters by leaving out whole diffs (never part of one, never part of a line) and says how many; the
 * JSON keeps everything.
 */
class LongPlanTest {
    private static final int DEPLOYMENTS = 60;
    private static final Pattern KEPT_DIFF = Pattern.compile(
            "<details><summary>(\\S+) (\\S+): added</summary>\n\n```diff\n(.*?)```\n\n</details>\n", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void markdownIsCutToWholeDiffsAndSaysHowManyWereLeftOut() throws IOException {
        ExampleGitRepo repo = ExampleGitRepo.create(dir);
        repo.branch("many", ExampleGitRepo.MAIN);
        String template = repo.read("deployments/models/wine.yaml");
        for (int i = 0; i < DEPLOYMENTS; i++) {
            repo.write("deployments/generated/model-" + i + ".yaml",
                    template.replace("id: wine\n", "id: model-" + i + "\n"));
        }
        repo.commit("Sixty new models");
        String[] args = {"--repo", repo.work().toString(), "--base", "main", "--head", "many", "--path", "deployments"};

        PlanCli.Run markdown = PlanCli.run(append(args, "--format", "markdown"));
        PlanCli.Run json = PlanCli.run(append(args, "--format", "json"));

        assertThat(markdown.exitCode()).isEqualTo(1);
        String text = markdown.out();
        assertThat(text.length()).isLessThanOrEqualTo(65_000);
        JsonNode plan = new ObjectMapper().readTree(json.out());
        assertThat(plan.path("summary").path("added").asInt()).isEqualTo(DEPLOYMENTS);

        // every diff that was kept is whole: identical to the object's diff in the JSON
        List<String> allDiffs = new ArrayList<>();
        plan.path("changes").forEach(c -> c.path("objects").forEach(o -> {
            if (!o.path("diff").asText().isEmpty()) {
                allDiffs.add(o.path("diff").asText());
            }
        }));
        Matcher kept = KEPT_DIFF.matcher(text);
        int keptCount = 0;
        while (kept.find()) {
            assertThat(allDiffs).contains(kept.group(3));
            keptCount++;
        }
        int leftOut = countOf(text, "(diff left out for length)");
        assertThat(keptCount).isPositive();
        assertThat(leftOut).isPositive();
        assertThat(keptCount + leftOut).isEqualTo(allDiffs.size());
        assertThat(text).contains(":scissors: This plan was shortened to stay under 65,000 characters: " + leftOut
                + " diffs were left out. Run `modeldeploy plan --format json` for the complete plan.");
        assertThat(countOf(text, "<details>")).isEqualTo(countOf(text, "</details>"));
        assertThat(text).endsWith("\n");
        // every manifest still has its section with the meaning
        for (int i = 0; i < DEPLOYMENTS; i++) {
            assertThat(text).contains("#### ModelDeployment `model-" + i + "`: added");
        }
    }

    private static int countOf(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    private static String[] append(String[] args, String... more) {
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
