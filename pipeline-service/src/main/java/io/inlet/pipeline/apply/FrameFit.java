package io.inlet.pipeline.apply;

import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import java.time.Instant;
import java.util.List;

/**
 * Keeps every event publishable: the frame publisher splits a frame under the server's {@code max_payload}, but
 * cannot split one event, and refuses one that does not fit a message of its own
 * ({@code FrameTooLargeException}). Such an event is not dropped, and does not block its input either: an error
 * with more violations than fit keeps as many as fit and says so in its reason; a typed record that outgrew a
 * message goes to the errors with its original bytes. Cheap for every event that fits by the codec's upper-bound
 * estimate (nearly all); only the others are encoded to measure.
 */
final class FrameFit {

    private FrameFit() {
    }

    /** {@code error}, or, when it does not fit a message alone, the same error with its violations cut to fit. */
    static FramedEvent error(FramedEvent error, EventType type, int maxFrameBytes) {
        if (fits(error, type, EventFrame.Kind.ERRORS, maxFrameBytes)) {
            return error;
        }
        FrameFailure failure = error.failure();
        List<Violation> violations = failure.violations();
        if (violations.isEmpty()) {
            return error; // nothing to cut: the publisher refuses it, the delivery is retried and dead-lettered
        }
        // the most violations that still fit: fits(kept(0)) may be false too, then the publisher says so
        int low = 0;
        int high = violations.size() - 1;
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
     * {@code null} when the valid event fits a message of its own, else the original event as an error (stage
     * {@code transform}, its original bytes): the typed, transformed record grew too large to be published.
     */
    static FramedEvent tooLargeWhenValid(FramedEvent valid, FramedEvent original, EventType type, String subject,
            Instant now, int maxFrameBytes) {
        if (fits(valid, type, EventFrame.Kind.EVENTS, maxFrameBytes)) {
            return null;
        }
        String reason = "the typed record is " + valid.payload().length + " bytes and does not fit a message "
                + "(at most " + maxFrameBytes + " bytes per frame)";
        FramedEvent failing = original.applied(valid.schemaVersion(), valid.schemaId(), original.payload());
        return failing.failed(new FrameFailure(FrameFailure.STAGE_TRANSFORM, reason, List.of(new Violation("", "size", reason)),
                subject, now));
    }

    static boolean fits(FramedEvent event, EventType type, EventFrame.Kind kind, int maxFrameBytes) {
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
}
