package dev.modeldeploy.feedback;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns spool entries into the bytes the spool stores and back. */
public final class EntryCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private EntryCodec() {
    }

    public static byte[] encode(SpoolEntry entry) {
        try {
            return MAPPER.writerFor(SpoolEntry.class).writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SpoolEntry decode(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, SpoolEntry.class);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
