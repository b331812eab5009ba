package io.inlet.gateway.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;

/** Picks the {@link BodyFormat} from the request's {@code Content-Type} and CloudEvents headers. */
final class BodyFormats {

    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*([^;]*)");

    private BodyFormats() {
    }

    static BodyFormat resolve(String contentType, boolean cloudEventsBinaryHeaders) {
        if (contentType == null || contentType.isBlank()) {
            throw new UnsupportedBodyException("missing-content-type", "The request has no Content-Type",
                    BodyFormat.SUPPORTED_MEDIA_TYPES);
        }
        checkCharsetParameter(contentType);
        MimeType type;
        try {
            type = MimeType.valueOf(contentType);
        } catch (InvalidMimeTypeException e) {
            throw new UnsupportedBodyException("unsupported-media-type", "The Content-Type is not a valid media type",
                    BodyFormat.SUPPORTED_MEDIA_TYPES);
        }
        checkCharset(type);
        String name = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        switch (name) {
            case "application/cloudevents+json":
                return BodyFormat.CLOUDEVENT;
            case "application/cloudevents-batch+json":
                return BodyFormat.CLOUDEVENTS_BATCH;
            case "application/x-ndjson", "application/jsonl", "application/jsonlines", "application/x-jsonlines":
                if (cloudEventsBinaryHeaders) {
                    throw unsupported(name + " cannot carry a CloudEvent in binary mode; send application/json");
                }
                return BodyFormat.NDJSON;
            default:
                if (EventParser.isJsonMediaType(name)) {
                    return cloudEventsBinaryHeaders ? BodyFormat.CLOUDEVENT_BINARY : BodyFormat.JSON;
                }
                throw unsupported("Content-Type " + name + " is not supported");
        }
    }

    private static void checkCharsetParameter(String contentType) {
        Matcher charset = CHARSET.matcher(contentType);
        if (charset.find()) {
            checkCharset(charset.group(1).trim());
        }
    }

    private static void checkCharset(MimeType type) {
        String charset = type.getParameter("charset");
        if (charset != null) {
            checkCharset(charset);
        }
    }

    private static void checkCharset(String charset) {
        boolean utf8;
        try {
            utf8 = Charset.forName(charset.replace("\"", "")).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            utf8 = false;
        }
        if (!utf8) {
            throw new UnsupportedBodyException("unsupported-charset", "JSON must be UTF-8; charset '"
                    + charset.replaceAll("[^A-Za-z0-9._-]", "?") + "' is not supported",
                    BodyFormat.SUPPORTED_MEDIA_TYPES);
        }
    }

    private static UnsupportedBodyException unsupported(String message) {
        return new UnsupportedBodyException("unsupported-media-type", message, BodyFormat.SUPPORTED_MEDIA_TYPES);
    }
}
