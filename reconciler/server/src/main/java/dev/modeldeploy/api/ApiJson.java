package dev.modeldeploy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.health.ManifestStatus;
import dev.modeldeploy.health.State;
import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.ManifestJson;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import java.util.List;

/** The API's JSON shapes: ODAHU's {id, spec, status} envelopes plus where each manifest came from. */
public final class ApiJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ApiJson() {
    }

    public static ObjectNode envelope(DeploymentView view) {
        ObjectNode out = JSON.objectNode();
        out.put("id", view.id());
        out.set("spec", ManifestJson.toJson(view.deployment()).get("spec"));
        out.set("status", status(view.status()));
        out.set("source", source(view.sourceFile(), view.sourceCommit()));
        return out;
    }

    public static ObjectNode envelope(RouteView view) {
        ObjectNode out = JSON.objectNode();
        out.put("id", view.id());
        out.set("spec", ManifestJson.toJson(view.route()).get("spec"));
        ObjectNode status = status(view.status());
        if (view.rollout() != null) {
            status.set("rollout", MAPPER.valueToTree(view.rollout().fields()));
        }
        out.set("status", status);
        out.set("source", source(view.sourceFile(), view.sourceCommit()));
        return out;
    }

    /** A manifest that never validated: no spec, state Failed, the findings as the message. */
    public static ObjectNode envelope(FailedManifest failed) {
        ObjectNode out = JSON.objectNode();
        out.put("id", failed.id());
        out.putNull("spec");
        ObjectNode status = JSON.objectNode();
        status.put("state", State.Failed.name());
        status.put("message", failed.message());
        status.putNull("url");
        status.putNull("replicas");
        status.putNull("availableReplicas");
        status.putNull("latestReadyRevision");
        status.putNull("commitApplied");
        status.put("commitSeen", failed.commit());
        status.putNull("lastUpdated");
        out.set("status", status);
        out.set("source", source(failed.sourceFile(), failed.commit()));
        return out;
    }

    public static ObjectNode status(ManifestStatus status) {
        ObjectNode out = JSON.objectNode();
        if (status == null) {
            out.put("state", State.Processing.name());
            out.putNull("message");
            return out;
        }
        out.put("state", status.state() == null ? null : status.state().name());
        out.put("message", status.message());
        out.put("url", status.url());
        out.put("replicas", status.replicas());
        out.put("availableReplicas", status.availableReplicas());
        out.put("latestReadyRevision", status.latestReadyRevision());
        out.put("commitApplied", status.commitApplied());
        out.put("commitSeen", status.commitSeen());
        out.put("lastUpdated", status.lastUpdated() == null ? null : status.lastUpdated().toString());
        return out;
    }

    public static ObjectNode changes(String id, ChangeSet changes) {
        ObjectNode out = JSON.objectNode();
        out.put("id", id);
        out.put("commit", changes == null ? null : changes.commit());
        ArrayNode entries = out.putArray("entries");
        for (ChangeSetEntry entry : changes == null ? List.<ChangeSetEntry>of() : changes.entries()) {
            ObjectNode e = entries.addObject();
            e.put("apiVersion", entry.apiVersion());
            e.put("kind", entry.kind());
            e.put("name", entry.name());
            e.put("action", entry.action() == null ? null : entry.action().name());
            e.put("reason", entry.reason());
        }
        return out;
    }

    public static ObjectNode source(SourceInfo source) {
        ObjectNode out = JSON.objectNode();
        out.put("repo", source == null ? null : source.repo());
        out.put("branch", source == null ? null : source.branch());
        out.put("path", source == null ? null : source.path());
        out.put("commitSeen", source == null ? null : source.commitSeen());
        out.put("commitApplied", source == null ? null : source.commitApplied());
        out.put("error", source == null ? null : source.error());
        return out;
    }

    public static ObjectNode finding(Finding finding) {
        ObjectNode out = JSON.objectNode();
        out.put("file", finding.location() == null ? null : finding.location().file());
        out.put("line", finding.location() == null ? null : finding.location().line());
        out.put("column", finding.location() == null ? null : finding.location().column());
        out.put("kind", finding.kind());
        out.put("id", finding.id());
        out.put("jsonPath", finding.jsonPath());
        out.put("message", finding.message());
        out.put("text", finding.toText());
        return out;
    }

    public static ObjectNode message(String message) {
        ObjectNode out = JSON.objectNode();
        out.put("message", message);
        return out;
    }

    public static String write(Object node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static ObjectNode source(String file, String commit) {
        ObjectNode out = JSON.objectNode();
        out.put("file", file);
        out.put("commit", commit);
        return out;
    }
}
