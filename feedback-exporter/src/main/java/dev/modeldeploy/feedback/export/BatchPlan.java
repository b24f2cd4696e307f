package dev.modeldeploy.feedback.export;

import java.util.List;
import java.util.Map;

/**
 * The write-ahead record of one export batch: the spool segments it consumes and every object it will write, each
 * with its content stored beside the plan. Once the plan is on disk, finishing the batch is repeatable: the same keys
 * get the same bytes however often it is retried. {@code lastSegment} is the highest segment number the batch
 * consumed (or the previous batch's, when it consumed none).
 */
public record BatchPlan(long batch, long createdAtMillis, List<String> segments, long lastSegment, List<PlannedObject> objects) {
    public BatchPlan {
        segments = List.copyOf(segments);
        objects = List.copyOf(objects);
    }

    /** @param file the content's file name inside the batch folder; counts are records per kind path name */
    public record PlannedObject(String key, String file, Map<String, Long> counts) {
        public PlannedObject {
            counts = Map.copyOf(counts);
        }
    }
}
