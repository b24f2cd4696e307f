package dev.modeldeploy.render;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the plain maps and lists that make up an object's body. Insertion order is kept so the YAML is stable, and
 * null values are left out so the API server never sees an explicit null.
 */
public final class Tree {
    private Tree() {
    }

    /** An ordered map from alternating keys and values; entries whose value is null are left out. */
    public static Map<String, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            if (value != null) {
                map.put((String) keysAndValues[i], value);
            }
        }
        return map;
    }

    /** A list of the non-null items. */
    public static List<Object> list(Object... items) {
        List<Object> list = new ArrayList<>(items.length);
        for (Object item : items) {
            if (item != null) {
                list.add(item);
            }
        }
        return list;
    }

    public static List<Object> listOf(Collection<?> items) {
        return new ArrayList<>(items);
    }

    /** A sorted copy, so maps that come from manifests serialize the same way every time. */
    public static Map<String, Object> sorted(Map<String, ?> map) {
        return new TreeMap<>(map);
    }

    /** The map itself, or null when it is empty, so that {@link #map} drops it instead of writing {@code {}}. */
    public static <M extends Map<?, ?>> M nonEmpty(M map) {
        return map == null || map.isEmpty() ? null : map;
    }

    /** The list itself, or null when it is empty. */
    public static <L extends List<?>> L nonEmpty(L list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
