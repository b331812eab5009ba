package io.inlet.contracts.frame;

import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps every event a stage outputs publishable. The frame publisher splits a frame under the server's
 * {@code max_payload} but cannot split one event, and refuses one that does not fit a message of its own; refused,
 * the stage's input would be redelivered until it is dead-lettered — out of the error lake. So before publishing, a
 * stage passes each event through here:
 * <ul>
 *   <li>an event that fits is returned as it is (nearly all: the codec's upper-bound estimate decides without
 *       encoding);</li>
 *   <li>a valid event that does not fit becomes an error ({@link #tooLargeWhenValid}), with its original bytes;</li>
 *   <li>an error that does not fit keeps as many violations as fit ({@link #error}), and if even none is not enough,
 *       the first bytes of its payload that fit (cut at a UTF-8 boundary), its reason saying how many of how many
 *       bytes were kept and where the whole message stays: the raw stream at the event's origin.</li>
 * </ul>
 * The result depends only on its input and the bound, so a redelivered input yields the same output frames (and
 * message ids).
 */
public final class FrameFit {

    /**
     * Bytes a cut payload leaves beside the encoded error with an empty one: its length prefix and the digits of the
     * kept length in the reason.
     */
    private static final int CUT_SLACK = 16;

    private FrameFit() {
    }

    /**
     * {@code error} when it fits a message of its own, else the same error with its violations, and if need be its
     * payload, cut to fit.
     */
    public static FramedEvent error(FramedEvent error, EventType type, int maxFrameBytes) {
        if (fits(error, type, EventFrame.Kind.ERRORS, maxFrameBytes)) {
            return error;
        }
        int all = error.failure().violations().size();
        if (all > 0 && fits(trimmed(error, 0), type, EventFrame.Kind.ERRORS, maxFrameBytes)) {
            return mostViolations(error, type, maxFrameBytes); // the payload stays whole
        }
        // The payload must be cut: keep the violations that fit beside an empty payload, then the bytes that fit.
        FramedEvent emptyCut = cutTo(error, 0);
        int keep = all == 0 || fits(emptyCut, type, EventFrame.Kind.ERRORS, maxFrameBytes) ? all
                : mostViolations(emptyCut, type, maxFrameBytes).failure().violations().size();
        FramedEvent result = cut(keep == all ? error : trimmed(error, keep), type, maxFrameBytes);
        while (keep > 0 && !fits(result, type, EventFrame.Kind.ERRORS, maxFrameBytes)) {
            result = cut(trimmed(error, --keep), type, maxFrameBytes); // the kept length's digits tipped it over
        }
        return result;
    }

    /** The error with the most of its first violations that fit; given that none at all fits. */
    private static FramedEvent mostViolations(FramedEvent error, EventType type, int maxFrameBytes) {
        int low = 0;
        int high = error.failure().violations().size();
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (fits(trimmed(error, middle), type, EventFrame.Kind.ERRORS, maxFrameBytes)) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return trimmed(error, low);
    }

    /**
     * {@code null} when the valid event fits a message of its own, else {@code original} as an error of
     * {@code stage} (its original bytes, the version and schema id applied kept), fitted by {@link #error}.
     */
    public static FramedEvent tooLargeWhenValid(FramedEvent valid, FramedEvent original, EventType type, String stage,
            String subject, Instant now, int maxFrameBytes) {
        if (fits(valid, type, EventFrame.Kind.EVENTS, maxFrameBytes)) {
            return null;
        }
        String what = valid == original ? "the event" : "the typed record";
        String reason = what + " is " + valid.payload().length + " bytes and does not fit a message with its "
                + "envelope (at most " + maxFrameBytes + " bytes per frame)";
        FramedEvent failing = valid.schemaVersion() != null && valid.schemaId() != null
                ? original.applied(valid.schemaVersion(), valid.schemaId(), original.payload()) : original;
        return error(failing.failed(new FrameFailure(stage, reason, List.of(new Violation("", "size", reason)),
                subject, now)), type, maxFrameBytes);
    }

    /** Whether the event alone makes a frame of at most {@code maxFrameBytes}. */
    public static boolean fits(FramedEvent event, EventType type, EventFrame.Kind kind, int maxFrameBytes) {
        EventFrame alone = new EventFrame(type, kind, List.of(event));
        return FrameCodec.estimateSize(alone) <= maxFrameBytes || FrameCodec.encode(alone).length <= maxFrameBytes;
    }

    private static FramedEvent trimmed(FramedEvent error, int keep) {
        FrameFailure failure = error.failure();
        int total = failure.violations().size();
        String reason = failure.reason() + " (the first " + keep + " of " + total
                + " violations are kept: all of them do not fit a message)";
        return error.failed(new FrameFailure(failure.stage(), reason, failure.violations().subList(0, keep),
                failure.subject(), failure.failedAt()));
    }

    /** The error with the longest payload prefix that fits, and a reason that says so. */
    private static FramedEvent cut(FramedEvent error, EventType type, int maxFrameBytes) {
        byte[] payload = error.payload();
        int room = maxFrameBytes - FrameCodec.encode(new EventFrame(type, EventFrame.Kind.ERRORS,
                List.of(cutTo(error, 0)))).length - CUT_SLACK;
        int keep = utf8Boundary(payload, Math.max(0, Math.min(payload.length, room)));
        FramedEvent result = cutTo(error, keep);
        while (keep > 0 && !fits(result, type, EventFrame.Kind.ERRORS, maxFrameBytes)) {
            keep = utf8Boundary(payload, keep / 2);
            result = cutTo(error, keep);
        }
        return result;
    }

    /** The error with the first {@code keep} bytes of its payload, its reason saying so and where the rest is. */
    private static FramedEvent cutTo(FramedEvent error, int keep) {
        FrameFailure failure = error.failure();
        Origin origin = error.origin();
        String reason = failure.reason() + " (payload cut to its first " + keep + " of " + error.payload().length
                + " bytes to fit a message" + (origin == null ? "" : "; the whole message is in stream "
                + origin.stream() + " at sequence " + origin.sequence()) + ")";
        return withBytes(error, Arrays.copyOf(error.payload(), keep)).failed(new FrameFailure(failure.stage(), reason,
                failure.violations(), failure.subject(), failure.failedAt()));
    }

    private static FramedEvent withBytes(FramedEvent event, byte[] payload) {
        return new FramedEvent(event.eventId(), event.receivedAt(), event.source(), event.schemaVersion(),
                event.schemaId(), event.apiKeyId(), event.requestId(), event.attributes(), event.origin(),
                event.failure(), payload);
    }

    /** {@code length}, moved back so that it does not end inside a UTF-8 sequence. */
    static int utf8Boundary(byte[] bytes, int length) {
        int end = length;
        while (end > 0 && end < bytes.length && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }
}
