package dev.modeldeploy.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell commands of a Markdown file: every fenced block tagged {@code sh}, {@code bash}, {@code shell} or
 * {@code console}, split into commands the way a reader would type them. A command ends at the end of a line unless
 * the line ends with a backslash or opens a here-document; comment lines and blank lines are not commands. In a
 * {@code console} block only lines starting with {@code $ } are commands (the rest is output).
 */
final class ReadmeCommands {
    static final Set<String> SHELL_LANGUAGES = Set.of("sh", "bash", "shell", "console");

    private static final Pattern FENCE = Pattern.compile("^(```+|~~~+)\\s*([A-Za-z0-9_+-]*).*$");
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\2");

    private ReadmeCommands() {
    }

    /** One command as written: the file and 1-based line it starts on, and its text (lines joined by newlines). */
    record Command(String file, int line, String text) {
        /** The text with continuations joined and whitespace collapsed, for comparing with the coverage table. */
        String normalized() {
            return normalize(text);
        }

        String where() {
            return file + ":" + line;
        }
    }

    /** A fenced shell block and its commands, in document order. */
    record Block(String file, int line, String language, List<Command> commands) {
        String where() {
            return file + ":" + line;
        }
    }

    static String normalize(String text) {
        return text.replace("\\\n", " ").replaceAll("\\s+", " ").trim();
    }

    static List<Block> parse(String file, String markdown) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String fence = open.group(1);
            String language = open.group(2).toLowerCase(java.util.Locale.ROOT);
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).startsWith(fence)) {
                end++;
            }
            if (SHELL_LANGUAGES.contains(language)) {
                List<String> body = lines.subList(start, Math.min(end, lines.size()));
                List<Command> commands = language.equals("console")
                        ? consoleCommands(file, start + 1, body)
                        : shellCommands(file, start + 1, body);
                blocks.add(new Block(file, i + 1, language, commands));
            }
            i = end;
        }
        return blocks;
    }

    /** firstLine is the 1-based line number of body's first line. */
    private static List<Command> shellCommands(String file, int firstLine, List<String> body) {
        List<Command> commands = new ArrayList<>();
        int i = 0;
        while (i < body.size()) {
            String line = body.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                i++;
                continue;
            }
            int startLine = firstLine + i;
            StringBuilder text = new StringBuilder(line);
            i = continueCommand(body, i, text);
            commands.add(new Command(file, startLine, text.toString()));
        }
        return commands;
    }

    private static List<Command> consoleCommands(String file, int firstLine, List<String> body) {
        List<Command> commands = new ArrayList<>();
        int i = 0;
        while (i < body.size()) {
            String line = body.get(i);
            if (!line.startsWith("$ ")) {
                i++;
                continue;
            }
            int startLine = firstLine + i;
            StringBuilder text = new StringBuilder(line.substring(2));
            i = continueCommand(body, i, text);
            commands.add(new Command(file, startLine, text.toString()));
        }
        return commands;
    }

    /**
     * Appends the lines that belong to the command starting at body[index] (backslash continuations and
     * here-document bodies) and returns the index of the first line after it.
     */
    private static int continueCommand(List<String> body, int index, StringBuilder text) {
        int i = index;
        String current = body.get(i);
        while (true) {
            Matcher heredoc = HEREDOC.matcher(current);
            if (heredoc.find()) {
                boolean stripTabs = !heredoc.group(1).isEmpty();
                String word = heredoc.group(3);
                i++;
                while (i < body.size()) {
                    String line = body.get(i);
                    text.append('\n').append(line);
                    i++;
                    if ((stripTabs ? line.replaceFirst("^\t+", "") : line).equals(word)) {
                        break;
                    }
                }
                return i;
            }
            if (current.endsWith("\\") && i + 1 < body.size()) {
                i++;
                current = body.get(i);
                text.append('\n').append(current);
                continue;
            }
            return i + 1;
        }
    }
}
