package dev.modeldeploy.chart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chart/exported-metrics.txt}: the metric names dashboard panels may use, one a line, each followed by a
 * comment naming its exporter and where that exporter documents it.
 */
record ExportedMetrics(Map<String, String> sourceByName) {

    static final String RESOURCE = "/chart/exported-metrics.txt";

    static ExportedMetrics load() {
        try (InputStream in = ExportedMetrics.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExportedMetrics parse(String text) {
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).strip();
            String source = comment < 0 ? "" : line.substring(comment + 1).strip();
            if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new IllegalArgumentException(RESOURCE + ":" + (i + 1) + ": not a metric name: '" + name + "'");
            }
            if (source.isEmpty()) {
                throw new IllegalArgumentException(RESOURCE + ":" + (i + 1) + ": " + name
                        + " has no comment naming its exporter and documentation");
            }
            if (sources.put(name, source) != null) {
                throw new IllegalArgumentException(RESOURCE + ":" + (i + 1) + ": " + name + " is listed twice");
            }
        }
        return new ExportedMetrics(Map.copyOf(sources));
    }

    boolean contains(String name) {
        return sourceByName.containsKey(name);
    }
}
