package dev.modeldeploy.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields fabric8's model did not recognise. The model keeps them in {@code additionalProperties} (and so
 * writes them back on serialisation), so a round trip alone would not reveal a misspelt field: both are checked.
 */
final class UnknownFields {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {
    }

    /** Problems found: unknown fields by path, and any difference between the YAML and its typed round trip. */
    static List<String> problems(JsonNode original, Object typed) {
        List<String> problems = new ArrayList<>();
        collectUnknown(typed, "", problems);
        JsonNode roundTrip = Serialization.jsonMapper().valueToTree(typed);
        List<String> differences = new ArrayList<>();
        collectDifferences(original, roundTrip, "", differences);
        differences.forEach(d -> problems.add("round trip through " + typed.getClass().getSimpleName() + ": " + d));
        return problems;
    }

    private static void collectDifferences(JsonNode rendered, JsonNode typed, String path, List<String> into) {
        if (rendered.isObject() && typed.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            rendered.fieldNames().forEachRemaining(names::add);
            typed.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                collectDifferences(rendered.path(name), typed.path(name), path + "/" + name, into);
            }
        } else if (rendered.isArray() && typed.isArray() && rendered.size() == typed.size()) {
            for (int i = 0; i < rendered.size(); i++) {
                collectDifferences(rendered.get(i), typed.get(i), path + "/" + i, into);
            }
        } else if (rendered.isNumber() && typed.isNumber()) {
            // int and long fields come back as different node types: compare the numbers
            if (rendered.decimalValue().compareTo(typed.decimalValue()) != 0) {
                into.add(path + ": rendered " + rendered + ", typed model gives " + typed);
            }
        } else if (!rendered.equals(typed)) {
            into.add(path + ": rendered " + rendered + ", typed model gives " + typed);
        }
    }

    private static void collectUnknown(Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + index++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectUnknown(item, path + "." + key, problems));
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add((path.isEmpty() ? "(root)" : path) + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            collectUnknown(child, path + "." + field, problems);
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
