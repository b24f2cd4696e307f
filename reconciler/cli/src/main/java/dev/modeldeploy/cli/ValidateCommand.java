package dev.modeldeploy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.modeldeploy.manifest.FindingsReport;
import dev.modeldeploy.manifest.ManifestJson;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.ModelRoute;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code modeldeploy validate [--format text|json] [--show-defaults] PATH...}: checks manifests the way the daemon
 * does, all paths together (ids must be unique across them), and reports every error and warning in every file.
 * Warnings (documents skipped on purpose) never change the exit code.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
            "Validate the ModelDeployment and ModelRoute manifests in each PATH (a folder, read recursively, or one file) "
                    + "and report every error as FILE:LINE:COLUMN: error: ID: JSON-PATH: MESSAGE, and every document "
                    + "skipped (other ODAHU kinds) as FILE:LINE:COLUMN: warning: ...",
            "Findings go to standard output (to standard error with --show-defaults, which prints the valid manifests "
                    + "on standard output instead); a summary line goes to standard error.",
            "Exit code: 0 all valid (warnings allowed), 1 any manifest invalid, 2 usage error (missing or nonexistent PATH)."})
public final class ValidateCommand implements Callable<Integer> {

    enum Format { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest folders or files, checked together.")
    List<Path> paths;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (one line per finding) or json (an array of {file, line, column, severity, kind, id, path, message}); "
                    + "default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--show-defaults",
            description = "Print each valid manifest with every default filled in: multi-document YAML, or a JSON array with --format json.")
    boolean showDefaults;

    @Override
    public Integer call() {
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "path does not exist: " + path);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManifestLoader.LoadResult loaded = new ManifestLoader().loadWithFiles(paths);
        ManifestSet manifests = loaded.manifests();

        PrintWriter findingsOut = showDefaults ? err : out;
        if (showDefaults && loaded.reported().isEmpty()) {
            // nothing to report beside the manifests
        } else if (format == Format.json) {
            findingsOut.println(json(FindingsReport.toJson(loaded.reported())));
        } else {
            FindingsReport.textLines(loaded.reported()).forEach(findingsOut::println);
        }
        if (showDefaults) {
            printWithDefaults(manifests, out);
        }
        err.println(FindingsReport.summary(manifests, loaded.files().size()));
        out.flush();
        err.flush();
        return manifests.valid() ? CommandLine.ExitCode.OK : 1;
    }

    private void printWithDefaults(ManifestSet manifests, PrintWriter out) {
        List<ObjectNode> documents = new ArrayList<>();
        for (ModelDeployment deployment : manifests.deployments()) {
            documents.add(ManifestJson.toJson(deployment));
        }
        for (ModelRoute route : manifests.routes()) {
            documents.add(ManifestJson.toJson(route));
        }
        if (format == Format.json) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            array.addAll(documents);
            out.println(json(array));
            return;
        }
        // Quote text that reads as a number or boolean ("1", "1.10"), so other YAML tools read it back as text too.
        YAMLMapper yaml = new YAMLMapper(YAMLFactory.builder()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build());
        for (ObjectNode document : documents) {
            try {
                out.print(yaml.writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
