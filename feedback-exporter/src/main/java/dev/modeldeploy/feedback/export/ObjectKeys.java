package dev.modeldeploy.feedback.export;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ODAHU's bucket layout:
 * {@code <kind>/<model_name>/<model_version>/year=YYYY/month=MM/day=DD/YYYYMMDDHH_<instance>-<n>.json}, dates in UTC.
 */
public final class ObjectKeys {
    private static final DateTimeFormatter FOLDERS = DateTimeFormatter.ofPattern("'year='yyyy/'month='MM/'day='dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

    private ObjectKeys() {
    }

    public static String key(OutputRecord record, String instance, long batch) {
        Instant time = Instant.ofEpochMilli(record.timeMillis());
        return record.kind().pathName() + "/" + segment(record.modelName()) + "/" + segment(record.modelVersion()) + "/"
                + FOLDERS.format(time) + "/" + HOUR.format(time) + "_" + segment(instance) + "-" + batch + ".json";
    }

    /**
     * Makes a value safe as one path segment: names the collector accepted pass unchanged; anything else is
     * percent-encoded so no value can add folders or climb out of the prefix.
     */
    static String segment(String value) {
        if (value == null || value.isEmpty()) {
            return "_";
        }
        if (value.equals(".") || value.equals("..")) {
            return value.replace(".", "%2E");
        }
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '~' || c == '+') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
