package dev.modeldeploy.manifest.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a value sits inside one manifest document: a list of segments, each a field name (String) or a list
 * index (Integer). Printed as a JSON path ({@code $.spec.modelDeployments[1].weight}) because that is what users
 * paste into jq / kubectl -o jsonpath.
 */
public final class FieldPath {
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    public static final FieldPath ROOT = new FieldPath(List.of());

    private final List<Object> segments;

    private FieldPath(List<Object> segments) {
        this.segments = segments;
    }

    public static FieldPath of(Object... segments) {
        FieldPath path = ROOT;
        for (Object segment : segments) {
            path = segment instanceof Integer index ? path.index(index) : path.field((String) segment);
        }
        return path;
    }

    public FieldPath field(String name) {
        return append(name);
    }

    public FieldPath index(int index) {
        return append(index);
    }

    private FieldPath append(Object segment) {
        List<Object> longer = new ArrayList<>(segments.size() + 1);
        longer.addAll(segments);
        longer.add(segment);
        return new FieldPath(Collections.unmodifiableList(longer));
    }

    /** The enclosing path; ROOT for ROOT. */
    public FieldPath parent() {
        return segments.isEmpty() ? this : new FieldPath(segments.subList(0, segments.size() - 1));
    }

    public List<Object> segments() {
        return segments;
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The last segment, or null for ROOT. */
    public Object last() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    /** True when this path equals other or lies inside it. */
    public boolean startsWith(FieldPath other) {
        return other.segments.size() <= segments.size() && segments.subList(0, other.segments.size()).equals(other.segments);
    }

    public String toJsonPath() {
        StringBuilder out = new StringBuilder("$");
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                String name = (String) segment;
                if (PLAIN_NAME.matcher(name).matches()) {
                    out.append('.').append(name);
                } else {
                    out.append("['").append(name.replace("\\", "\\\\").replace("'", "\\'")).append("']");
                }
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && other.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    @Override
    public String toString() {
        return toJsonPath();
    }
}
