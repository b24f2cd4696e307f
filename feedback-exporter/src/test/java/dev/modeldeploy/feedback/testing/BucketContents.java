package dev.modeldeploy.feedback.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.feedback.bucket.Bucket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads every JSON Lines object in a bucket back, for assertions. */
public final class BucketContents {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BucketContents() {
    }

    public static Map<String, List<JsonNode>> read(Bucket bucket) throws IOException {
        Map<String, List<JsonNode>> result = new LinkedHashMap<>();
        for (String key : bucket.list()) {
            List<JsonNode> lines = new ArrayList<>();
            String text = new String(bucket.get(key).orElseThrow(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(MAPPER.readTree(line));
                }
            }
            result.put(key, lines);
        }
        return result;
    }

    /** Every record of one kind (the first folder of the key), in key order. */
    public static List<JsonNode> records(Bucket bucket, String kind) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        read(bucket).forEach((key, lines) -> {
            if (key.startsWith(kind + "/")) {
                all.addAll(lines);
            }
        });
        return all;
    }
}
