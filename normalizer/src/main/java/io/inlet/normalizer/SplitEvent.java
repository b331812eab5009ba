package io.inlet.normalizer;

import java.util.Arrays;
import java.util.Map;

/**
 * One event found in a body: where its JSON lies (kept as is, never re-serialized), the id the client gave it,
 * and for CloudEvents its attributes; or, when only this event is bad, its {@link #problem()}.
 *
 * @param index          position in the body, 0-based
 * @param body           the body the event lies in
 * @param offset         start of the event's JSON in {@code body} (for a rejected event: of what stood there)
 * @param length         its length in bytes
 * @param clientId       the client's id (the id field, CloudEvents {@code id}), or {@code null}
 * @param cloudEventType the CloudEvents {@code type}, or {@code null}
 * @param attributes     the CloudEvents attributes by name, as sent; empty for plain JSON
 * @param problem        why this event alone is rejected, or {@code null} when it is fine
 */
public record SplitEvent(int index, byte[] body, int offset, int length, String clientId, String cloudEventType,
                         Map<String, String> attributes, Problem problem) {

    /** A copy of the event's bytes. */
    public byte[] json() {
        return Arrays.copyOfRange(body, offset, offset + length);
    }

    public boolean isRejected() {
        return problem != null;
    }

    @Override
    public String toString() {
        return "SplitEvent[index=" + index + ", length=" + length + ", clientId=" + clientId + ", problem="
                + (problem == null ? null : problem.kind()) + "]";
    }
}
