package io.inlet.contracts.frame;

import java.util.Objects;

/**
 * The one definition of how a replayed event is marked. The lake's replay publishes error-lake events back to
 * {@code inlet.raw.<type>} as frames whose events keep their original id and received-at and carry:
 * <ul>
 *   <li>the attribute {@value #ATTRIBUTE} = the replay's id (attributes travel unchanged through every stage);</li>
 *   <li>a <em>replay origin</em>: origin stream {@code replay:<error lake>}, key derived from the error-lake row the
 *       event was first replayed from. The consumer-service keeps it instead of giving the event the origin of its
 *       new raw message, so every replay of one event carries one origin and the data lake's exactly-once commit
 *       (by origin) takes it once, however often it is replayed.</li>
 * </ul>
 * An event that fails again is filed in the error lake under its origin {@linkplain #perRun per replay}, so each
 * replay records the event's new reasons once, and a resumed replay adds nothing.
 */
public final class Replays {

    /** The attribute naming the replay that sent an event (a CloudEvents-style extension name). */
    public static final String ATTRIBUTE = "inletreplay";
    /** The prefix of replay origin streams. */
    public static final String ORIGIN_PREFIX = "replay:";
    /** Rows of one error file a replay origin can tell apart: {@code 2^24}. */
    public static final long MAX_ROWS = 1L << 24;

    private Replays() {
    }

    /** Whether an origin is a replay origin (kept by the consumer-service, see the class comment). */
    public static boolean isReplay(Origin origin) {
        return origin != null && origin.stream().startsWith(ORIGIN_PREFIX);
    }

    /**
     * The replay origin of row {@code row} of error-lake file {@code fileId} of {@code errorLake}: one key per row,
     * consecutive rows consecutive keys.
     */
    public static Origin origin(String errorLake, long fileId, long row) {
        Objects.requireNonNull(errorLake, "errorLake");
        if (fileId < 1 || fileId > (Long.MAX_VALUE >> 24) - 2) {
            throw new IllegalArgumentException("error file id out of range: " + fileId);
        }
        if (row < 0 || row >= MAX_ROWS) {
            throw new IllegalArgumentException("row must be 0.." + (MAX_ROWS - 1) + ", was " + row);
        }
        return new Origin(ORIGIN_PREFIX + errorLake, (fileId << 8) | (row >>> 16), (int) (row & Origin.MAX_INDEX),
                false);
    }

    /** The replay that sent {@code event}, or null when it is no replay. */
    public static String replayOf(FramedEvent event) {
        return event.attributes().get(ATTRIBUTE);
    }

    /**
     * The origin under which the error lake files a replayed event that failed again: its replay origin within
     * {@code replayId}'s own key space, so the failure of each replay is recorded once.
     */
    public static Origin perRun(Origin origin, String replayId) {
        return new Origin(origin.stream() + "#" + replayId, origin.sequence(), origin.index(), origin.last());
    }
}
