package dev.modeldeploy.cli.client;

import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.SourceLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a manifest file before anything is committed, printing findings as FILE:LINE:COL lines, and hands
 * back its documents of the kind the command manages.
 */
final class ManifestCheck {

    private ManifestCheck() {
    }

    /** The file's text and documents; throws after printing the findings when the file is not valid. */
    static Checked check(ManifestKind kind, Path file, PrintWriter err) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + (Files.exists(file) ? e.getMessage() : "no such file"));
        }
        List<Finding> findings = new ArrayList<>(ManifestValidator.validateAlone(file));
        List<ManifestDocuments.Document> documents = ManifestDocuments.split(text);
        List<ManifestDocuments.Document> ofKind = new ArrayList<>();
        for (ManifestDocuments.Document document : documents) {
            if (kind.kind().equals(document.kind())) {
                ofKind.add(document);
            } else if (document.kind() != null && findings.isEmpty()) {
                ManifestKind other = kind == ManifestKind.DEPLOYMENT ? ManifestKind.ROUTE : ManifestKind.DEPLOYMENT;
                findings.add(new Finding(new SourceLocation(file.toString(), document.firstLine(), 1), document.kind(),
                        document.id(), "$.kind", "this command manages " + kind.kind() + "s; use: modeldeploy "
                        + other.command() + " ... for a " + document.kind()));
            }
        }
        if (findings.isEmpty() && ofKind.isEmpty()) {
            findings.add(new Finding(new SourceLocation(file.toString(), 1, 1), null, null, "$",
                    "no " + kind.kind() + " document in this file"));
        }
        if (!findings.isEmpty()) {
            findings.forEach(f -> err.println(f.toText()));
            throw new CliException(file + " is not valid (" + findings.size()
                    + (findings.size() == 1 ? " problem" : " problems") + "); nothing was committed");
        }
        return new Checked(text, documents.size(), ofKind);
    }

    /** A valid file: its text, how many documents it holds in all, and those of the command's kind. */
    record Checked(String text, int documentCount, List<ManifestDocuments.Document> documents) {

        /** What to write for one document: the whole file when it is the only one, so comments are kept. */
        String textOf(ManifestDocuments.Document document) {
            return documentCount == 1 ? text : document.text();
        }
    }
}
