package dev.modeldeploy.daemon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The daemon's configuration file ({@code run --config FILE}); command-line flags override it. Every section has
 * defaults that run the embedded default: the example repository, an embedded Kubernetes API and a local bucket.
 * Secrets are never values here, only the files or environment variables that hold them.
 */
public record DaemonConfig(
        String instance,
        String stateDir,
        Server server,
        Git git,
        Webhook webhook,
        Cluster cluster,
        Prune prune,
        LeaderElection leaderElection,
        Auth auth,
        Feedback feedback) {

    public record Server(Integer port) {
    }

    public record Git(
            String repo, String branch, String path, String interval, String statusBranch, Boolean statusCommits,
            GitAuth auth) {
    }

    public record GitAuth(
            String username,
            String tokenFile,
            String tokenEnv,
            String passwordFile,
            String passwordEnv,
            String sshKeyFile,
            String knownHostsFile) {
    }

    public record Webhook(String secretFile, String secretEnv) {
    }

    public record Cluster(String mode, String kubeconfig, String settingsFile, Boolean serverSideApply) {
    }

    public record Prune(Double maxDeleteShare, Boolean allowEmpty) {
    }

    public record LeaderElection(Boolean enabled, String leaseName, String namespace, String leaseDuration,
                                 String renewDeadline, String retryPeriod) {
    }

    public record Auth(
            Boolean enabled,
            String jwksUrl,
            String jwksFile,
            String issuer,
            String audience,
            String rolesClaim,
            String viewerRole,
            String adminRole) {
    }

    public record Feedback(Boolean enabled, String bucket, String schedule, String instance, S3 s3, Gcs gcs) {
    }

    public record S3(
            String endpoint, String region, Boolean pathStyle, String accessKeyIdEnv, String secretAccessKeyEnv) {
    }

    public record Gcs(String credentialsFile) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public static DaemonConfig empty() {
        return new DaemonConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /** Reads a configuration file; an unknown key is an error naming it and where it is, so typos never go unnoticed. */
    public static DaemonConfig load(Path file) {
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return empty();
            }
            return YAML.readValue(text, DaemonConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ":" + e.getLocation().getLineNr() + ":"
                    + e.getLocation().getColumnNr() + ": unknown configuration key '" + e.getPropertyName()
                    + "' (known here: " + e.getKnownPropertyIds() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration " + file + ": " + e.getMessage());
        }
    }

    /** Parses Go-style durations as users write them in GitOps tools: 500ms, 30s, 5m, 1h. */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 30s, 5m, 1h)");
        }
    }

    static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
