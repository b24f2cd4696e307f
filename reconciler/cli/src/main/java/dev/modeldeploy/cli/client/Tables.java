package dev.modeldeploy.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** kubectl-style tables of envelopes: left-aligned columns, a header row, "-" for what is not known. */
final class Tables {

    private static final List<String> DEPLOYMENT = List.of("ID", "STATE", "REPLICAS", "IMAGE", "ROLE", "URL", "COMMIT");
    private static final List<String> ROUTE = List.of("ID", "STATE", "URL PREFIX", "TARGETS", "ROLLOUT", "URL", "COMMIT");

    private Tables() {
    }

    static String render(Iterable<JsonNode> envelopes, ManifestKind kind) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(kind == ManifestKind.DEPLOYMENT ? DEPLOYMENT : ROUTE);
        StringBuilder reasons = new StringBuilder();
        for (JsonNode envelope : envelopes) {
            rows.add(kind == ManifestKind.DEPLOYMENT ? deploymentRow(envelope) : routeRow(envelope));
            String reason = DaemonClient.text(envelope.path("status").path("rollout"), "reason");
            if (reason != null) {
                reasons.append('\n').append(envelope.path("id").asText()).append(" rollout: ").append(reason).append('\n');
            }
        }
        return layout(rows) + reasons;
    }

    private static List<String> deploymentRow(JsonNode e) {
        JsonNode status = e.path("status");
        return List.of(
                e.path("id").asText("-"),
                or(status, "state"),
                replicas(status),
                or(e.path("spec"), "image"),
                or(e.path("spec"), "roleName"),
                or(status, "url"),
                commit(status));
    }

    private static List<String> routeRow(JsonNode e) {
        JsonNode status = e.path("status");
        JsonNode rollout = status.path("rollout");
        List<String> targets = new ArrayList<>();
        e.path("spec").path("modelDeployments").forEach(t -> targets.add(t.path("mdName").asText()
                + weight(t, rollout)));
        return List.of(
                e.path("id").asText("-"),
                or(status, "state"),
                or(e.path("spec"), "urlPrefix"),
                targets.isEmpty() ? "-" : String.join(",", targets),
                rollout(rollout),
                or(status, "url"),
                commit(status));
    }

    /** A target's weight: as the rollout has set it, else as written. */
    private static String weight(JsonNode target, JsonNode rollout) {
        String mdName = target.path("mdName").asText();
        if (rollout.isObject()) {
            if (mdName.equals(DaemonClient.text(rollout, "candidate"))) {
                return "=" + rollout.path("candidateWeight").asInt();
            }
            if (mdName.equals(DaemonClient.text(rollout, "stable"))) {
                return "=" + rollout.path("stableWeight").asInt();
            }
        }
        return target.hasNonNull("weight") ? "=" + target.get("weight").asInt() : "";
    }

    /** "Progressing 2/4", "Promoted", "RolledBack", or "-" for a route without one. */
    private static String rollout(JsonNode rollout) {
        if (!rollout.isObject()) {
            return "-";
        }
        String phase = or(rollout, "phase");
        boolean moving = "Progressing".equals(phase) || "Paused".equals(phase);
        return moving ? phase + " " + rollout.path("step").asInt() + "/" + rollout.path("steps").asInt() : phase;
    }

    private static String replicas(JsonNode status) {
        if (!status.hasNonNull("replicas")) {
            return "-";
        }
        return status.path("availableReplicas").asInt(0) + "/" + status.get("replicas").asInt();
    }

    /** The applied commit, and the seen one when the daemon has not applied it (yet, or because it failed). */
    private static String commit(JsonNode status) {
        String applied = shortSha(DaemonClient.text(status, "commitApplied"));
        String seen = DaemonClient.text(status, "commitSeen");
        if (seen != null && !seen.equals(DaemonClient.text(status, "commitApplied"))) {
            return applied + " (seen " + shortSha(seen) + ")";
        }
        return applied;
    }

    static String shortSha(String sha) {
        return sha == null ? "-" : sha.substring(0, Math.min(7, sha.length()));
    }

    private static String or(JsonNode node, String field) {
        String value = DaemonClient.text(node, field);
        return value == null || value.isEmpty() ? "-" : value;
    }

    private static String layout(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row.get(i));
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 3));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
