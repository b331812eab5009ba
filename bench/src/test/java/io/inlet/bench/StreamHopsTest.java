package io.inlet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.api.RetentionPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamHopsTest {

    @Test
    void underLimitsRetentionMessagesAndBytesAreTheDeltasPerEvent() {
        StreamHops.Hop hop = StreamHops.hop("INLET_RAW", state(100, 50_000, RetentionPolicy.Limits),
                state(120, 90_000, RetentionPolicy.Limits));

        assertThat(hop.messages()).isEqualTo(20);
        assertThat(hop.messagesPerEvent(2_000)).isEqualTo(0.01);
        assertThat(hop.bytesPerEvent(2_000)).isEqualTo(20.0);
        assertThat(hop.row(2_000)).isEqualTo("| INLET_RAW | 20 | 0.0100 | 20.0 | 2,000 | limits |");
    }

    @Test
    void underWorkqueueRetentionMessagesStillCountButBytesCannotBeTold() {
        // acked messages are deleted: the stored bytes may even shrink while 30 messages went through
        StreamHops.Hop hop = StreamHops.hop("INLET_EVENTS", state(10, 9_000, RetentionPolicy.WorkQueue),
                state(40, 1_000, RetentionPolicy.WorkQueue));

        assertThat(hop.messages()).isEqualTo(30);
        assertThat(hop.bytes()).isNull();
        assertThat(hop.row(3_000)).isEqualTo("| INLET_EVENTS | 30 | 0.0100 | n/a | n/a | workqueue |");
    }

    @Test
    void aStreamCreatedDuringThePhaseCountsFromZeroAndAMissingOneIsSaidToBeMissing() {
        Map<String, StreamHops.State> before = new LinkedHashMap<>();
        before.put("INLET_VALID", StreamHops.State.MISSING);
        Map<String, StreamHops.State> after = new LinkedHashMap<>();
        after.put("INLET_VALID", state(5, 1_500, RetentionPolicy.Limits));
        after.put("INLET_ERRORS", StreamHops.State.MISSING);

        List<StreamHops.Hop> hops = StreamHops.between(before, after);

        assertThat(hops.get(0).messages()).isEqualTo(5);
        assertThat(hops.get(0).bytes()).isEqualTo(1_500);
        assertThat(hops.get(1).exists()).isFalse();
        assertThat(StreamHops.table(hops, 500)).contains("| INLET_ERRORS | n/a (no such stream) |",
                "| all hops | 5 | 0.0100 | 3.0 | | |");
    }

    @Test
    void theSumOverTheHopsHasNoBytesWhenOneHopHasNone() {
        List<StreamHops.Hop> hops = List.of(
                StreamHops.hop("INLET_RAW", state(0, 0, RetentionPolicy.Limits), state(10, 1_000,
                        RetentionPolicy.Limits)),
                StreamHops.hop("INLET_EVENTS", state(0, 0, RetentionPolicy.WorkQueue), state(10, 0,
                        RetentionPolicy.WorkQueue)));

        assertThat(StreamHops.table(hops, 1_000)).contains("| all hops | 20 | 0.0200 | n/a | | |");
    }

    private static StreamHops.State state(long lastSequence, long bytes, RetentionPolicy retention) {
        return new StreamHops.State(true, lastSequence, bytes, retention);
    }
}
