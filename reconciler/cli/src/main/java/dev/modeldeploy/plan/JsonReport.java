package dev.modeldeploy.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.manifest.Finding;
import java.util.Locale;

/**
 * The plan for tools. Field names are a contract: {@code summary}, {@code changes: [{kind, id, action, sourceFile,
 * meaning: [...], objects: [{apiVersion, kind, name, action, diff}]}]}, {@code findings: [{file, line, column,
 * kind, id, jsonPath, message, text}]}, {@code notes}; actions are added, changed, removed or unchanged.
 */
public final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("repo", plan.repo());
        root.put("path", plan.path());
        root.set("base", side(plan.base()));
        root.set("head", side(plan.head()));
        root.put("comparedWith", plan.comparedWith().name().toLowerCase(Locale.ROOT));
        root.put("namespace", plan.namespace());

        ObjectNode summary = root.putObject("summary");
        for (ChangeAction action : ChangeAction.values()) {
            summary.put(action.label(), plan.count(action));
        }
        summary.put("invalid", plan.findings().size());
        summary.put("wouldChange", plan.hasChanges());

        ArrayNode changes = root.putArray("changes");
        for (ManifestChange change : plan.changes()) {
            ObjectNode c = changes.addObject();
            c.put("kind", change.kind());
            c.put("id", change.id());
            c.put("action", change.action().label());
            c.put("sourceFile", change.sourceFile());
            ArrayNode meaning = c.putArray("meaning");
            change.meaning().forEach(meaning::add);
            ArrayNode objects = c.putArray("objects");
            for (ObjectChange object : change.objects()) {
                ObjectNode o = objects.addObject();
                o.put("apiVersion", object.apiVersion());
                o.put("kind", object.kind());
                o.put("name", object.name());
                o.put("action", object.action().label());
                o.put("diff", object.diff());
            }
        }

        ArrayNode findings = root.putArray("findings");
        for (Finding finding : plan.findings()) {
            ObjectNode f = findings.addObject();
            f.put("file", finding.location() == null ? null : finding.location().file());
            if (finding.location() != null) {
                f.put("line", finding.location().line());
                f.put("column", finding.location().column());
            }
            f.put("kind", finding.kind());
            f.put("id", finding.id());
            f.put("jsonPath", finding.jsonPath());
            f.put("message", finding.message());
            f.put("text", finding.toText());
        }
        ArrayNode notes = root.putArray("notes");
        plan.notes().forEach(notes::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the plan as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode side(Plan.Side side) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ref", side.ref());
        node.put("commit", side.commit());
        return node;
    }
}
