package io.inlet.gateway.ingest;

import java.util.Arrays;
import java.util.Map;

/**
 * One event found in a request body: where its JSON is in the body (published as is, never
 * re-serialized), the id the client gave it, and for CloudEvents its attributes.
 *
 * @param index            position in the request, 0-based
 * @param body             the request body the event lies in
 * @param offset           start of the event's JSON object in {@code body}
 * @param length           its length in bytes
 * @param clientId         the client's id ({@code id} field, CloudEvents {@code id}), or {@code null}
 * @param cloudEventType   the CloudEvents {@code type}, or {@code null}
 * @param attributes       the CloudEvents attributes by name (without {@code ce-}), their values as sent in
 *                         structured mode and percent-decoded in binary mode; empty for plain JSON
 */
public record ParsedEvent(int index, byte[] body, int offset, int length, String clientId, String cloudEventType,
                          Map<String, String> attributes) {

    /** A copy of the event's JSON. */
    public byte[] json() {
        return Arrays.copyOfRange(body, offset, offset + length);
    }

    @Override
    public String toString() {
        return "ParsedEvent[index=" + index + ", length=" + length + ", clientId=" + clientId + ", cloudEventType="
                + cloudEventType + "]";
    }
}
