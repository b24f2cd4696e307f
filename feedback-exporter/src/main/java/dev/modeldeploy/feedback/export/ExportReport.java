package dev.modeldeploy.feedback.export;

import dev.modeldeploy.feedback.RecordKind;
import java.util.Map;

/** What one export run wrote: batches finished, objects uploaded and records per kind. */
public record ExportReport(int batches, int objects, Map<RecordKind, Long> records) {
    public ExportReport {
        records = Map.copyOf(records);
    }

    public long totalRecords() {
        return records.values().stream().mapToLong(Long::longValue).sum();
    }
}
