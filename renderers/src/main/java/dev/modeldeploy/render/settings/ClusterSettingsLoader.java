package dev.modeldeploy.render.settings;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modeldeploy.manifest.rules.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Binds a settings YAML file onto the defaults, strictly: unknown fields, wrong types and duplicate keys are errors. */
final class ClusterSettingsLoader {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addHandler(new UnknownFieldHandler())
            .build();

    /** Reports an unknown field where it is: Jackson's own exception points past it, at the end of its value. */
    private static final class UnknownFieldHandler extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
            String known = deserializer.getKnownPropertyNames().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            List<String> parents = new ArrayList<>();
            for (JsonStreamContext c = parser.getParsingContext().getParent(); c != null; c = c.getParent()) {
                if (c.getCurrentName() != null) {
                    parents.add(0, c.getCurrentName());
                }
            }
            String parent = parents.isEmpty() ? "the top level" : String.join(".", parents);
            throw new UnknownFieldException(parser, "unknown field \"" + propertyName + "\" in " + parent
                    + " (known fields: " + known + ")", parser.currentTokenLocation());
        }
    }

    private static final class UnknownFieldException extends JsonMappingException {
        UnknownFieldException(JsonParser parser, String message, JsonLocation location) {
            super(parser, message, location);
        }
    }

    private ClusterSettingsLoader() {
    }

    // The file's shape; every field is optional, so each is a nullable box that falls back to the default. Plain
    // classes rather than records: Jackson binds records through a token buffer, which loses the line numbers.
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class SettingsFile {
        String namespace;
        String clusterDomain;
        IngressFile ingress = new IngressFile();
        LocalGatewayFile localGateway = new LocalGatewayFile();
        String knativeNamespace;
        AutoscalingFile autoscaling = new AutoscalingFile();
        JwtFile jwt = new JwtFile();
        RequestLoggingFile requestLogging = new RequestLoggingFile();
        TritonFile triton = new TritonFile();
        PrometheusFile prometheus = new PrometheusFile();
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class PrometheusFile {
        String url;
        String queryTimeout;
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class IngressFile {
        String gateway;
        List<String> hosts;
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class LocalGatewayFile {
        String gateway;
        String host;
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class AutoscalingFile {
        Integer target;
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class JwtFile {
        Boolean enabled;
        String issuer;
        String jwksUri;
        String rolesClaim;
        String adminRole;
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class RequestLoggingFile {
        Boolean enabled;
        String loggerImage;
        String collectorUrl;
        String mode;
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class TritonFile {
        String modelRepository;
        List<String> extraArgs;
    }

    static ClusterSettings load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ClusterSettingsException(file + ": cluster settings file not found");
        } catch (IOException e) {
            throw new ClusterSettingsException(file + ": cannot read cluster settings: " + e.getMessage(), e);
        }
        SettingsFile parsed;
        try {
            parsed = text.isBlank() ? null : YAML.readValue(text, SettingsFile.class);
        } catch (UnknownFieldException e) {
            throw new ClusterSettingsException(place(file, e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonMappingException e) {
            throw new ClusterSettingsException(place(file, e) + ": " + fieldPath(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ClusterSettingsException(place(file, e) + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        ClusterSettings settings = merge(ClusterSettings.defaults(), parsed);
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new ClusterSettingsException(problems.stream().map(p -> file + ": " + p).collect(Collectors.joining("\n")));
        }
        return settings;
    }

    private static ClusterSettings merge(ClusterSettings d, SettingsFile f) {
        if (f == null) {
            return d;
        }
        IngressFile in = f.ingress == null ? new IngressFile() : f.ingress;
        LocalGatewayFile lg = f.localGateway == null ? new LocalGatewayFile() : f.localGateway;
        AutoscalingFile as = f.autoscaling == null ? new AutoscalingFile() : f.autoscaling;
        JwtFile jwt = f.jwt == null ? new JwtFile() : f.jwt;
        RequestLoggingFile rl = f.requestLogging == null ? new RequestLoggingFile() : f.requestLogging;
        TritonFile tr = f.triton == null ? new TritonFile() : f.triton;
        PrometheusFile pr = f.prometheus == null ? new PrometheusFile() : f.prometheus;
        return new ClusterSettings(
                or(f.namespace, d.namespace()),
                or(f.clusterDomain, d.clusterDomain()),
                new ClusterSettings.Ingress(or(in.gateway, d.ingress().gateway()), or(in.hosts, d.ingress().hosts())),
                new ClusterSettings.LocalGateway(or(lg.gateway, d.localGateway().gateway()), or(lg.host, d.localGateway().host())),
                or(f.knativeNamespace, d.knativeNamespace()),
                new ClusterSettings.Autoscaling(or(as.target, d.autoscaling().target())),
                new ClusterSettings.Jwt(or(jwt.enabled, d.jwt().enabled()), or(jwt.issuer, d.jwt().issuer()),
                        or(jwt.jwksUri, d.jwt().jwksUri()), or(jwt.rolesClaim, d.jwt().rolesClaim()),
                        or(jwt.adminRole, d.jwt().adminRole())),
                new ClusterSettings.RequestLogging(or(rl.enabled, d.requestLogging().enabled()),
                        or(rl.loggerImage, d.requestLogging().loggerImage()),
                        or(rl.collectorUrl, d.requestLogging().collectorUrl()), or(rl.mode, d.requestLogging().mode())),
                new ClusterSettings.Triton(or(tr.modelRepository, d.triton().modelRepository()),
                        or(tr.extraArgs, d.triton().extraArgs())),
                new ClusterSettings.Prometheus(or(pr.url, d.prometheus().url()), queryTimeout(pr.queryTimeout, d)));
    }

    private static Duration queryTimeout(String written, ClusterSettings defaults) {
        if (written == null) {
            return defaults.prometheus().queryTimeout();
        }
        // null marks a bad value; SettingsRules reports it with the field name
        return Durations.parse(written).orElse(null);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static String place(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "settings" : path;
    }
}
