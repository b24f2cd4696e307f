package dev.modeldeploy.manifest.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a manifest file as strict UTF-8 text, refusing oversized files before reading their content. */
public final class YamlFileReader {
    private final long maxBytes;

    public YamlFileReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public String read(Path file) throws UnreadableYamlException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw tooLarge(size);
            }
            try (InputStream in = Files.newInputStream(file)) {
                // The file may grow between the size check and the read: never read past the limit.
                bytes = in.readNBytes((int) maxBytes + 1);
            }
        } catch (IOException e) {
            throw new UnreadableYamlException(1, 1, "cannot read file: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(bytes.length);
        }
        return decode(bytes);
    }

    private UnreadableYamlException tooLarge(long size) {
        return new UnreadableYamlException(1, 1, "file is " + size + " bytes, larger than the limit of " + maxBytes + " bytes");
    }

    /** Strict UTF-8: a bad byte is reported at its line and column instead of being replaced with U+FFFD. */
    static String decode(byte[] bytes) throws UnreadableYamlException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int badOffset = in.position();
            out.flip();
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.limit(); i++) {
                char c = out.get(i);
                if (c == '\n') {
                    line++;
                    column = 1;
                } else if (!Character.isLowSurrogate(c)) {
                    column++;
                }
            }
            throw new UnreadableYamlException(line, column, String.format(
                    "not valid UTF-8: byte 0x%02X at offset %d (manifests must be UTF-8 encoded)", bytes[badOffset] & 0xff, badOffset));
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
