package dev.modeldeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSONPath subset CRD printer columns use: fields ({@code .status.url}), quoted keys with escaped dots
 * ({@code .metadata.labels['serving\.knative\.dev/service']}), array indexes ({@code [0]}) and equality filters
 * on a field of each element ({@code .status.conditions[?(@.type=='Ready')].status}). As in the API server, a
 * column shows the first match. Anything else is rejected when the path is compiled, not when a table is printed.
 */
final class ColumnPath {
    private sealed interface Step permits Field, Index, Filter {
    }

    private record Field(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Filter(List<String> field, String value) implements Step {
    }

    private final String text;
    private final List<Step> steps;

    private ColumnPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    static ColumnPath compile(String path) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw invalid(path, i, "an empty field name");
                }
                steps.add(new Field(path.substring(i + 1, end)));
                i = end;
            } else if (c == '[') {
                int close = closingBracket(path, i);
                steps.add(bracket(path, path.substring(i + 1, close), i));
                i = close + 1;
            } else {
                throw invalid(path, i, "'" + c + "' where '.' or '[' was expected");
            }
        }
        if (steps.isEmpty()) {
            throw invalid(path, 0, "no field");
        }
        return new ColumnPath(path, List.copyOf(steps));
    }

    private static int closingBracket(String path, int open) {
        char quote = 0;
        for (int i = open + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ']') {
                return i;
            }
        }
        throw invalid(path, open, "a '[' that is never closed");
    }

    private static Step bracket(String path, String inside, int at) {
        if (inside.matches("\\d+")) {
            return new Index(Integer.parseInt(inside));
        }
        if (quoted(inside)) {
            return new Field(unquote(inside));
        }
        if (inside.startsWith("?(@.") && inside.endsWith(")")) {
            String condition = inside.substring(4, inside.length() - 1);
            int equals = condition.indexOf("==");
            if (equals > 0 && quoted(condition.substring(equals + 2).trim())) {
                List<String> field = List.of(condition.substring(0, equals).trim().split("\\."));
                return new Filter(field, unquote(condition.substring(equals + 2).trim()));
            }
        }
        throw invalid(path, at, "[" + inside + "], which is not an index, a quoted key or an equality filter");
    }

    private static boolean quoted(String s) {
        return s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0);
    }

    private static String unquote(String s) {
        return s.substring(1, s.length() - 1).replace("\\.", ".").replace("\\'", "'").replace("\\\"", "\"");
    }

    private static IllegalArgumentException invalid(String path, int at, String what) {
        return new IllegalArgumentException("unsupported printer column JSONPath \"" + path + "\" at character "
                + (at + 1) + ": " + what);
    }

    /** The first value the path selects in object, or empty when it selects nothing (or only null). */
    Optional<JsonNode> first(JsonNode object) {
        List<JsonNode> current = List.of(object);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (step instanceof Field field) {
                    add(next, node.get(field.name()));
                } else if (step instanceof Index index) {
                    add(next, node.isArray() ? node.get(index.index()) : null);
                } else if (step instanceof Filter filter && node.isArray()) {
                    for (JsonNode element : node) {
                        JsonNode value = element;
                        for (String name : filter.field()) {
                            value = value == null ? null : value.get(name);
                        }
                        if (value != null && value.isValueNode() && filter.value().equals(value.asText())) {
                            next.add(element);
                        }
                    }
                }
            }
            current = next;
        }
        return current.stream().findFirst();
    }

    private static void add(List<JsonNode> to, JsonNode node) {
        if (node != null && !node.isNull() && !node.isMissingNode()) {
            to.add(node);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
