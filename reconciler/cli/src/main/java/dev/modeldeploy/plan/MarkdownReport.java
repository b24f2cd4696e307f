package dev.modeldeploy.plan;

import dev.modeldeploy.manifest.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plan as a pull-request comment: a summary table, the head's validation errors, then per changed manifest
 * what it means and a collapsible diff per object.
 *
 * <p>Comments have a size limit (GitHub's is 65,536 characters), so the text is kept within {@link #LIMIT}: when
 * everything does not fit, whole diffs are left out (the first ones that fit are kept), each replaced by one line;
 * if even that does not fit, whole manifest sections at the end are left out. A note at the end says how many.
 * Nothing is ever cut inside a line.
 */
public final class MarkdownReport {
    public static final int LIMIT = 65_000;
    private static final int MAX_TABLE_ROWS = 200;
    private static final int MAX_FINDINGS = 200;
    private static final int NOTE_RESERVE = 300;

    private MarkdownReport() {
    }

    public static String render(Plan plan) {
        return render(plan, LIMIT);
    }

    public static String render(Plan plan, int limit) {
        int rows = MAX_TABLE_ROWS;
        String header = header(plan, rows);
        List<Section> sections = new ArrayList<>();
        for (ManifestChange change : plan.changes()) {
            if (change.action() != ChangeAction.UNCHANGED) {
                sections.add(section(change));
            }
        }
        String unchanged = unchanged(plan);
        String notes = notes(plan);

        int all = header.length() + unchanged.length() + notes.length()
                + sections.stream().mapToInt(Section::fullLength).sum();
        if (all <= limit) {
            sections.forEach(section -> section.diffs().forEach(diff -> diff.keep = true));
            return assemble(header, sections, sections.size(), unchanged, notes, "");
        }
        // What is left out goes in this order: diffs, the list of unchanged manifests, sections from the end
        // (all but the first), table rows, the first section; the budget keeps room for the note saying so.
        int budget = limit - NOTE_RESERVE;
        String unchangedShown = unchanged;
        int shown = sections.size();
        int sectionsLength = sections.stream().mapToInt(Section::skeletonLength).sum();
        while (header.length() + unchangedShown.length() + notes.length() + sectionsLength > budget) {
            if (unchangedShown.equals(unchanged) && !unchanged.isEmpty()) {
                unchangedShown = "_" + plan.count(ChangeAction.UNCHANGED) + " unchanged manifests (list left out)._\n\n";
            } else if (shown > 1) {
                shown--;
                sectionsLength -= sections.get(shown).skeletonLength();
            } else if (rows > 0) {
                rows /= 2;
                header = header(plan, rows);
            } else if (shown > 0) {
                shown--;
                sectionsLength -= sections.get(shown).skeletonLength();
            } else {
                break;
            }
        }
        int used = header.length() + unchangedShown.length() + notes.length() + sectionsLength;
        int omittedDiffs = 0;
        for (int i = 0; i < sections.size(); i++) {
            for (DiffBlock diff : sections.get(i).diffs) {
                int growth = diff.full.length() - diff.placeholder.length();
                if (i < shown && used + growth <= budget) {
                    used += growth;
                    diff.keep = true;
                } else {
                    omittedDiffs++;
                }
            }
        }
        List<String> parts = new ArrayList<>();
        if (omittedDiffs > 0) {
            parts.add(omittedDiffs + (omittedDiffs == 1 ? " diff was" : " diffs were") + " left out");
        }
        if (shown < sections.size()) {
            int left = sections.size() - shown;
            parts.add(left + (left == 1 ? " changed manifest is" : " changed manifests are") + " not shown");
        }
        String cut = "---\n:scissors: This plan was shortened to stay under " + String.format(Locale.ROOT, "%,d", limit)
                + " characters: " + String.join(" and ", parts)
                + ". Run `modeldeploy plan --format json` for the complete plan.\n";
        return assemble(header, sections, shown, unchangedShown, notes, cut);
    }

    private static String assemble(String header, List<Section> sections, int shown, String unchanged, String notes,
                                   String cutNote) {
        StringBuilder out = new StringBuilder(header);
        for (int i = 0; i < shown; i++) {
            out.append(sections.get(i).render());
        }
        return out.append(unchanged).append(notes).append(cutNote).toString();
    }

    private static String header(Plan plan, int maxRows) {
        StringBuilder out = new StringBuilder("### modeldeploy plan\n\n");
        out.append(code(plan.repo()));
        if (!plan.path().isEmpty()) {
            out.append(", folder ").append(code(plan.path()));
        }
        out.append(": base ").append(code(plan.base().ref())).append(" (").append(code(plan.base().shortCommit()))
                .append(") → head ").append(code(plan.head().ref())).append(" (")
                .append(code(plan.head().shortCommit())).append(")\n\n");
        out.append(plan.comparedWith() == Plan.Baseline.CLUSTER
                ? "Compared with the live objects in namespace " + code(plan.namespace())
                        + ", so changes made in the cluster by hand (drift) show too.\n\n"
                : "Compared with the base's rendering.\n\n");
        out.append("**").append(plan.count(ChangeAction.ADDED)).append(" added, ")
                .append(plan.count(ChangeAction.CHANGED)).append(" changed, ")
                .append(plan.count(ChangeAction.REMOVED)).append(" removed, ")
                .append(plan.count(ChangeAction.UNCHANGED)).append(" unchanged");
        if (plan.headInvalid()) {
            out.append(", ").append(plan.findings().size())
                    .append(plan.findings().size() == 1 ? " validation error" : " validation errors");
        }
        out.append("**\n\n");
        if (plan.hasChanges()) {
            out.append("| Manifest | Action | Objects | File |\n|---|---|---|---|\n");
            int rows = 0;
            long changed = plan.changes().stream().filter(c -> c.action() != ChangeAction.UNCHANGED).count();
            for (ManifestChange change : plan.changes()) {
                if (change.action() == ChangeAction.UNCHANGED) {
                    continue;
                }
                if (rows++ == maxRows) {
                    out.append("| … and ").append(changed - maxRows).append(" more | | | |\n");
                    break;
                }
                out.append("| ").append(change.kind()).append(' ').append(code(change.id())).append(" | ")
                        .append(change.action().label()).append(" | ").append(objectCounts(change)).append(" | ")
                        .append(change.sourceFile() == null ? "" : code(change.sourceFile())).append(" |\n");
            }
            out.append('\n');
        } else if (!plan.headInvalid()) {
            out.append("Merging would change nothing in the cluster.\n\n");
        }
        if (plan.headInvalid()) {
            out.append("#### :x: Validation errors in head\n\n")
                    .append("Fix these before merging; until then the daemon leaves these manifests' objects as they are.\n\n");
            StringBuilder text = new StringBuilder();
            for (Finding finding : plan.findings().subList(0, Math.min(MAX_FINDINGS, plan.findings().size()))) {
                text.append(finding.toText()).append('\n');
            }
            if (plan.findings().size() > MAX_FINDINGS) {
                text.append("... and ").append(plan.findings().size() - MAX_FINDINGS)
                        .append(" more (run `modeldeploy plan --format json` for all)\n");
            }
            out.append(fenced("text", text.toString())).append('\n');
        }
        return out.toString();
    }

    private static String objectCounts(ManifestChange change) {
        List<String> parts = new ArrayList<>();
        for (ChangeAction action : ChangeAction.values()) {
            long n = change.objects().stream().filter(o -> o.action() == action).count();
            if (n > 0 && action != ChangeAction.UNCHANGED) {
                parts.add(n + " " + action.label());
            }
        }
        return String.join(", ", parts);
    }

    private static Section section(ManifestChange change) {
        StringBuilder intro = new StringBuilder("#### ").append(change.kind()).append(' ').append(code(change.id()))
                .append(": ").append(change.action().label()).append("\n\n");
        if (change.sourceFile() != null) {
            intro.append(code(change.sourceFile())).append("\n\n");
        }
        for (String line : change.meaning()) {
            intro.append("- ").append(escape(line)).append('\n');
        }
        intro.append('\n');
        List<DiffBlock> diffs = new ArrayList<>();
        for (ObjectChange object : change.objects()) {
            if (object.action() == ChangeAction.UNCHANGED || object.diff().isEmpty()) {
                continue;
            }
            String title = object.kind() + " " + object.name() + ": " + object.action().label();
            String full = "<details><summary>" + escape(title) + "</summary>\n\n" + fenced("diff", object.diff())
                    + "\n</details>\n\n";
            String placeholder = "- " + escape(title) + " (diff left out for length)\n\n";
            diffs.add(new DiffBlock(full, placeholder));
        }
        return new Section(intro.toString(), diffs);
    }

    private static String unchanged(Plan plan) {
        List<String> names = new ArrayList<>();
        for (ManifestChange change : plan.changes()) {
            if (change.action() == ChangeAction.UNCHANGED) {
                names.add(change.kind() + " " + code(change.id()));
            }
        }
        if (names.isEmpty()) {
            return "";
        }
        return "<details><summary>" + names.size() + " unchanged " + (names.size() == 1 ? "manifest" : "manifests")
                + "</summary>\n\n" + String.join(", ", names) + "\n\n</details>\n\n";
    }

    private static String notes(Plan plan) {
        if (plan.notes().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("**Notes**\n\n");
        plan.notes().forEach(note -> out.append("- ").append(escape(note)).append('\n'));
        return out.append('\n').toString();
    }

    /** A fenced block whose fence is longer than any run of backticks inside, so content cannot close it. */
    private static String fenced(String language, String content) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < content.length(); i++) {
            run = content.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        String body = content.endsWith("\n") ? content : content + "\n";
        return fence + language + "\n" + body + fence + "\n";
    }

    private static String code(String text) {
        String t = text == null ? "" : text.replace("\n", " ");
        String ticks = t.contains("`") ? "``" : "`";
        String pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
        return ticks + pad + t + pad + ticks;
    }

    /** Markdown and HTML that would change how a plain line reads are escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '|', '~' -> out.append('\\').append(c);
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final class DiffBlock {
        final String full;
        final String placeholder;
        boolean keep;

        DiffBlock(String full, String placeholder) {
            this.full = full;
            this.placeholder = placeholder;
        }
    }

    private record Section(String intro, List<DiffBlock> diffs) {
        int fullLength() {
            return intro.length() + diffs.stream().mapToInt(d -> d.full.length()).sum();
        }

        int skeletonLength() {
            return intro.length() + diffs.stream().mapToInt(d -> d.placeholder.length()).sum();
        }

        String render() {
            StringBuilder out = new StringBuilder(intro);
            diffs.forEach(d -> out.append(d.keep ? d.full : d.placeholder));
            return out.toString();
        }
    }
}
