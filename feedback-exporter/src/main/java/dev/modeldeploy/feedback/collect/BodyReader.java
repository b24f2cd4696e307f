package dev.modeldeploy.feedback.collect;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, refusing early when Content-Length already says it is too large. */
final class BodyReader {
    private BodyReader() {
    }

    static byte[] read(Context ctx, long limit) throws IOException, BodyTooLargeException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw new BodyTooLargeException(limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        byte[] chunk = new byte[8192];
        long total = 0;
        try (InputStream in = ctx.req().getInputStream()) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                total += n;
                if (total > limit) {
                    throw new BodyTooLargeException(limit);
                }
                out.write(chunk, 0, n);
            }
        }
        return out.toByteArray();
    }
}
