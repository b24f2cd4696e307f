package dev.modeldeploy.cli;

import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.FindingsReport;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.render.RenderResult;
import dev.modeldeploy.render.RenderedYaml;
import dev.modeldeploy.render.Renderer;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code modeldeploy render [--cluster-config FILE] [-o DIR] PATH...}: the objects modeldeploy would apply, without
 * a cluster. Output is byte-identical for the same input (objects sorted by owner, apply order, kind and name), so
 * it can be diffed or committed. Invalid manifests are reported as validate reports them and the valid ones are
 * still rendered.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {
            "Render the cluster objects for the manifests in each PATH (a folder or one file) without applying them: "
                    + "multi-document YAML on standard output, or one file per object with -o.",
            "Exit code: 0 all rendered, 1 a manifest is invalid or could not be rendered (the others are still "
                    + "rendered), 2 usage error."})
public final class RenderCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest folders or files.")
    List<Path> paths;

    @Option(names = "--cluster-config", paramLabel = "FILE",
            description = "Cluster settings for the renderers (namespace, gateway, JWT, request logging); default: built-in defaults.")
    Path clusterConfig;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
            description = "Write each object to DIR/<kind>-<name>.yaml instead of printing them.")
    Path outputDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file or folder: " + path);
            }
        }
        if (outputDir != null && Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-o " + outputDir + " is not a folder");
        }
        ClusterSettings settings;
        try {
            settings = clusterConfig == null ? ClusterSettings.defaults() : ClusterSettings.load(clusterConfig);
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }

        ManifestLoader.LoadResult loaded = new ManifestLoader().loadWithFiles(paths);
        ManifestSet manifests = loaded.manifests();
        RenderResult result = Renderer.render(manifests, settings, Map.of());
        List<Finding> problems = new ArrayList<>(manifests.findings());
        problems.addAll(result.failures());
        for (String line : FindingsReport.textLines(problems)) {
            err.println(line);
        }
        if (!problems.isEmpty()) {
            Set<String> failedFiles = new TreeSet<>(manifests.failedFiles());
            result.failures().forEach(f -> failedFiles.add(f.location().file()));
            err.println(plural(problems.size(), "error") + " in " + failedFiles.size() + " of "
                    + plural(loaded.files().size(), "file") + "; the other manifests were rendered");
        }

        List<GenericKubernetesResource> objects = RenderedYaml.inStableOrder(result.rendered());
        if (outputDir == null) {
            out.print(RenderedYaml.toYaml(objects));
        } else {
            try {
                write(objects);
            } catch (IOException e) {
                err.println("error: cannot write to " + outputDir + ": " + e.getMessage());
                err.flush();
                return 1;
            }
            err.println("wrote " + objects.size() + " objects to " + outputDir);
        }
        out.flush();
        err.flush();
        return problems.isEmpty() ? CommandLine.ExitCode.OK : 1;
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private void write(List<GenericKubernetesResource> objects) throws IOException {
        Files.createDirectories(outputDir);
        for (GenericKubernetesResource object : objects) {
            Files.writeString(outputDir.resolve(RenderedYaml.fileName(object)), RenderedYaml.toYaml(object));
        }
    }
}
