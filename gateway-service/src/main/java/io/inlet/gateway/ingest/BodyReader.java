package io.inlet.gateway.ingest;

import io.inlet.gateway.ingest.LimitExceededException.Limit;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body into memory, never more than {@code max-body-size} bytes (after
 * decompression, so a small gzip bomb cannot blow up either). A declared {@code Content-Length}
 * above the limit is refused before anything is read.
 */
final class BodyReader {

    private static final int CHUNK = 16 * 1024;

    private BodyReader() {
    }

    /** The bytes of a body; only the first {@code length} bytes of {@code bytes} are used. */
    record Body(byte[] bytes, int length) {
    }

    static Body read(InputStream in, long contentLength, String contentEncoding, long max) {
        if (contentLength > max) {
            throw tooLarge(max, "The body is " + contentLength + " bytes");
        }
        try {
            InputStream source = decoded(in, contentEncoding);
            int initial = (int) Math.min(max + 1, contentLength > 0 ? contentLength + 1 : CHUNK);
            byte[] buffer = new byte[Math.max(initial, 64)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length > max) {
                        throw tooLarge(max, "The body is larger than " + max + " bytes");
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(max + 1, (long) buffer.length * 2));
                }
                int read = source.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
            if (length > max) {
                throw tooLarge(max, "The body is larger than " + max + " bytes");
            }
            return new Body(buffer, length);
        } catch (ZipException e) {
            throw new InvalidEventsException("invalid-content-encoding", "The body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidEventsException("unreadable-body", "The body could not be read completely: "
                    + e.getClass().getSimpleName());
        }
    }

    private static InputStream decoded(InputStream in, String contentEncoding) throws IOException {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return in;
        }
        String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "identity" -> in;
            case "gzip", "x-gzip" -> new GZIPInputStream(in, CHUNK);
            default -> throw new UnsupportedBodyException("unsupported-content-encoding", "Content-Encoding '"
                    + encoding.replaceAll("[^a-z0-9._-]", "?") + "' is not supported", List.of("identity", "gzip"));
        };
    }

    private static LimitExceededException tooLarge(long max, String what) {
        return new LimitExceededException(Limit.MAX_BODY_SIZE, max, what + "; max-body-size is " + max + " bytes");
    }
}
