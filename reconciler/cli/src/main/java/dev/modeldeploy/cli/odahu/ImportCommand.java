package dev.modeldeploy.cli.odahu;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.modeldeploy.cli.client.Cli;
import dev.modeldeploy.cli.client.CliException;
import dev.modeldeploy.manifest.FindingsReport;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ModelDeployment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code modeldeploy import --odahu-url URL [--token-file FILE] --out DIR}: reads every ModelDeployment and
 * ModelRoute from a running ODAHU API server and writes one manifest per id, DIR/models/ID.yaml and
 * DIR/routes/ID.yaml, then validates DIR as {@code modeldeploy validate} would. Nothing is written unless
 * everything could be read, and no existing file is replaced without --overwrite.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {
            "Read every ModelDeployment and ModelRoute from a running ODAHU API server (GET /api/v1/model/deployment "
                    + "and /api/v1/model/route) and write one manifest per id: DIR/models/ID.yaml and DIR/routes/ID.yaml.",
            "What the server set (status, timestamps) is left out; ODAHU's per-deployment default routes are skipped. "
                    + "Everything left out is listed on standard error with the reason; the files written are then "
                    + "validated as modeldeploy validate DIR does.",
            "Exit code: 0 imported and valid, 1 ODAHU could not be read or a manifest written is invalid, 2 usage error."})
public final class ImportCommand implements Callable<Integer> {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--odahu-url", required = true, paramLabel = "URL",
            description = "ODAHU's API server, for example https://odahu.example.com (the part before /api/v1).")
    String odahuUrl;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the bearer token (odahuflowctl's API token); sent only in the Authorization header.")
    Path tokenFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the manifests into.")
    Path out;

    @Option(names = "--overwrite", description = "Replace manifests already in DIR (default: refuse, and write nothing).")
    boolean overwrite;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
            description = "Entities asked per request (ODAHU's size parameter); default: ${DEFAULT-VALUE}.")
    int pageSize;

    @Override
    public Integer call() {
        return Cli.run(spec, () -> {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String baseUrl = baseUrl();
            if (pageSize < 1) {
                throw new CliException("--page-size must be at least 1", 2);
            }
            OdahuApi api = new OdahuApi(baseUrl, token(), pageSize);
            List<JsonNode> deployments = api.listAll(OdahuApi.DEPLOYMENTS);
            List<JsonNode> routes = api.listAll(OdahuApi.ROUTES);

            OdahuEntityConverter converter = new OdahuEntityConverter();
            List<OdahuEntityConverter.Conversion> conversions = new ArrayList<>();
            deployments.forEach(d -> conversions.add(converter.deployment(d)));
            routes.forEach(r -> conversions.add(converter.route(r)));
            List<Planned> planned = plan(conversions);
            write(planned);

            for (OdahuEntityConverter.Conversion conversion : conversions) {
                String prefix = conversion.imported() ? "note: " : "skipped: ";
                conversion.notes().forEach(note -> err.println(prefix + conversion.kind() + " " + conversion.id() + ": " + note));
            }
            planned.forEach(p -> stdout.println("wrote " + p.file()));
            long deploymentCount = planned.stream().filter(p -> p.conversion().kind().equals(ModelDeployment.KIND)).count();
            stdout.println("imported " + deploymentCount + " of " + deployments.size() + " ModelDeployments and "
                    + (planned.size() - deploymentCount) + " of " + routes.size() + " ModelRoutes from " + baseUrl + " into " + out);
            Set<String> connections = new TreeSet<>();
            planned.forEach(p -> {
                JsonNode connection = p.conversion().manifest().path("spec").path("imagePullConnID");
                if (connection.isTextual()) {
                    connections.add(connection.asText());
                }
            });
            if (!connections.isEmpty()) {
                err.println("note: imagePullConnID names a docker-registry Secret in the cluster namespace modeldeploy "
                        + "deploys to (not an ODAHU Connection); create: " + String.join(", ", connections));
            }
            return validate(err);
        });
    }

    private record Planned(OdahuEntityConverter.Conversion conversion, Path file) {
    }

    /** Where each imported manifest goes; refuses before writing anything when a file exists and --overwrite is off. */
    private List<Planned> plan(List<OdahuEntityConverter.Conversion> conversions) {
        List<Planned> planned = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (OdahuEntityConverter.Conversion conversion : conversions) {
            if (!conversion.imported()) {
                continue;
            }
            String folder = conversion.kind().equals(ModelDeployment.KIND) ? "models" : "routes";
            Path file = out.resolve(folder).resolve(conversion.id() + ".yaml");
            if (Files.exists(file) && !overwrite) {
                existing.add(file.toString());
            }
            planned.add(new Planned(conversion, file));
        }
        if (!existing.isEmpty()) {
            throw new CliException("not replacing what is already there (" + String.join(", ", existing)
                    + "); nothing was written. Import into an empty folder, or add --overwrite");
        }
        return planned;
    }

    private static void write(List<Planned> planned) {
        for (Planned p : planned) {
            try {
                Files.createDirectories(p.file().getParent());
                Files.writeString(p.file(), YAML.writeValueAsString(p.conversion().manifest()));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            } catch (IOException e) {
                throw new CliException("cannot write " + p.file() + ": " + e.getMessage());
            }
        }
    }

    /** The manifests written are checked as the daemon will read them; their findings point at the files. */
    private int validate(PrintWriter err) {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        ManifestLoader.LoadResult loaded = new ManifestLoader().loadWithFiles(List.of(out));
        FindingsReport.textLines(loaded.reported()).forEach(err::println);
        if (!loaded.manifests().valid()) {
            err.println(FindingsReport.summary(loaded.manifests(), loaded.files().size())
                    + "; fix them in " + out + " before committing");
            return 1;
        }
        return 0;
    }

    private String baseUrl() {
        String url = odahuUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CliException("--odahu-url: not a URL: " + odahuUrl, 2);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new CliException("--odahu-url must be an http:// or https:// URL, such as https://odahu.example.com", 2);
        }
        if (uri.getUserInfo() != null) {
            throw new CliException("--odahu-url must not hold credentials; pass the token with --token-file", 2);
        }
        return url;
    }

    private String token() {
        if (tokenFile == null) {
            return null;
        }
        try {
            String value = Files.readString(tokenFile).strip();
            if (value.isEmpty()) {
                throw new CliException("token file " + tokenFile + " is empty", 2);
            }
            return value;
        } catch (IOException e) {
            throw new CliException("cannot read token file " + tokenFile + ": " + e.getClass().getSimpleName(), 2);
        }
    }
}
