package io.inlet.bench;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JetStream messages and bytes per event on each of Inlet's hops, from two snapshots of the streams' state (before
 * a phase's load and once its last row is in the lake):
 * <ul>
 *   <li><b>messages</b> = the delta of the stream's last sequence: every message the stream stored in between,
 *       whatever its retention (a workqueue stream deletes a message once acked, but its sequence still counts it;
 *       publishes JetStream de-duplicated are not stored and not counted);</li>
 *   <li><b>bytes</b> = the delta of the stream's stored bytes (JetStream's own size of each stored message: subject,
 *       headers, payload and its per-message record overhead). That is the bytes published only while nothing
 *       leaves the stream, i.e. under retention {@code limits} within its max-age and max-bytes (Inlet's default:
 *       7 days, no byte limit); under {@code workqueue} or {@code interest} acked messages are gone, so bytes
 *       are reported as n/a. The bench's nats-server (local-runner's {@code NatsServer.start}) runs without a
 *       monitoring port, and its {@code /varz} in_bytes would count every client's traffic (acks, pull
 *       requests, API calls) for the whole server, not one stream's messages.</li>
 * </ul>
 */
final class StreamHops {

    static final List<String> INLET_STREAMS = List.of("INLET_RAW", "INLET_EVENTS", "INLET_VALID", "INLET_ERRORS");

    /** One stream's state; {@code exists} false when the stream is not there (yet). */
    record State(boolean exists, long lastSequence, long bytes, RetentionPolicy retention) {
        static final State MISSING = new State(false, 0, 0, null);
    }

    /** One stream's share of a phase. */
    record Hop(String stream, boolean exists, long messages, Long bytes, String retention) {

        double messagesPerEvent(long events) {
            return events == 0 ? 0 : (double) messages / events;
        }

        /** Null when the bytes cannot be told (see the class comment). */
        Double bytesPerEvent(long events) {
            return bytes == null || events == 0 ? null : (double) bytes / events;
        }

        String row(long events) {
            if (!exists) {
                return String.format(Locale.ROOT, "| %s | n/a (no such stream) | | | | |", stream);
            }
            Double perEvent = bytesPerEvent(events);
            return String.format(Locale.ROOT, "| %s | %,d | %.4f | %s | %s | %s |", stream, messages,
                    messagesPerEvent(events), perEvent == null ? "n/a" : String.format(Locale.ROOT, "%.1f", perEvent),
                    bytes == null || messages == 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f",
                            (double) bytes / messages), retention);
        }
    }

    private StreamHops() {
    }

    static Map<String, State> snapshot(String natsUrl) throws IOException, InterruptedException {
        try (Connection connection = Nats.connect(natsUrl)) {
            JetStreamManagement management = connection.jetStreamManagement();
            Map<String, State> states = new LinkedHashMap<>();
            for (String stream : INLET_STREAMS) {
                states.put(stream, state(management, stream));
            }
            return states;
        }
    }

    private static State state(JetStreamManagement management, String stream) throws IOException {
        try {
            StreamInfo info = management.getStreamInfo(stream);
            return new State(true, info.getStreamState().getLastSequence(), info.getStreamState().getByteCount(),
                    info.getConfiguration().getRetentionPolicy());
        } catch (JetStreamApiException e) {
            return State.MISSING;
        }
    }

    /** Each stream's hop between two snapshots. */
    static List<Hop> between(Map<String, State> before, Map<String, State> after) {
        return after.entrySet().stream().map(e -> hop(e.getKey(), before.getOrDefault(e.getKey(), State.MISSING),
                e.getValue())).toList();
    }

    static Hop hop(String stream, State before, State after) {
        if (!after.exists()) {
            return new Hop(stream, false, 0, null, "n/a");
        }
        long messages = after.lastSequence() - before.lastSequence();
        String retention = String.valueOf(after.retention()).toLowerCase(Locale.ROOT);
        boolean keepsEverything = after.retention() == RetentionPolicy.Limits
                && (!before.exists() || before.retention() == RetentionPolicy.Limits);
        // a stream deleted and recreated in between restarts its sequence: the delta is not a count
        if (messages < 0) {
            return new Hop(stream, true, after.lastSequence(), null, retention + " (recreated)");
        }
        return new Hop(stream, true, messages, keepsEverything ? after.bytes() - before.bytes() : null, retention);
    }

    /** The report's table: one row per stream, then the sum over the hops. */
    static String table(List<Hop> hops, long events) {
        StringBuilder text = new StringBuilder();
        text.append("| stream | messages | messages / event | bytes / event | bytes / message | retention |\n");
        text.append("|---|---|---|---|---|---|\n");
        long messages = 0;
        long bytes = 0;
        boolean allBytes = true;
        for (Hop hop : hops) {
            text.append(hop.row(events)).append('\n');
            messages += hop.messages();
            if (hop.exists() && hop.bytes() != null) {
                bytes += hop.bytes();
            } else if (hop.exists()) {
                allBytes = false;
            }
        }
        text.append(String.format(Locale.ROOT, "| all hops | %,d | %.4f | %s | | |%n", messages,
                events == 0 ? 0 : (double) messages / events, !allBytes || events == 0 ? "n/a"
                        : String.format(Locale.ROOT, "%.1f", (double) bytes / events)));
        return text.toString();
    }
}
