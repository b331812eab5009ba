package io.inlet.normalizer;

import io.inlet.normalizer.Problem.Kind;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a CloudEvent (structured in a body, or binary in {@code ce-*} headers) must satisfy to be taken: attribute
 * names and value lengths, the required attributes, specversion 1.0 and JSON data. One rule for the splitter and
 * the gateway's binary mode.
 */
public final class CloudEventRules {

    /** CloudEvents attribute names: lower-case letters and digits (CloudEvents 1.0, section 3.1.1). */
    public static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]{1,64}");
    public static final int MAX_ATTRIBUTE_LENGTH = 2048;
    public static final List<String> REQUIRED_ATTRIBUTES = List.of("specversion", "id", "source", "type");

    private CloudEventRules() {
    }

    /** Checks a CloudEvents {@code specversion}: only 1.0 is read. */
    public static Problem problemWithSpecVersion(String version, int index) {
        if (!"1.0".equals(version)) {
            return Problem.of(Kind.INVALID_CLOUDEVENT, "CloudEvent " + index + ": specversion '"
                    + Problem.printable(version) + "' is not supported; use 1.0").atEvent(index, null);
        }
        return null;
    }

    /** Checks the length of a CloudEvents attribute value. */
    public static Problem problemWithAttributeValue(String name, String value, int index) {
        if (value.length() > MAX_ATTRIBUTE_LENGTH) {
            return Problem.of(Kind.INVALID_CLOUDEVENT, "CloudEvent " + index + ": attribute '" + name
                    + "' is longer than " + MAX_ATTRIBUTE_LENGTH + " characters").atEvent(index, null);
        }
        return null;
    }

    /** Whether a {@code datacontenttype} (or Content-Type) is JSON: {@code application/json} or {@code +json}. */
    public static boolean isJsonMediaType(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
