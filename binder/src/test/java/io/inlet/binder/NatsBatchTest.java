package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.messaging.support.MessageBuilder;

class NatsBatchTest {

    @Test
    void pairsEachPayloadWithItsOwnHeaders() {
        List<NatsBatch.Entry> entries = NatsBatch.of(MessageBuilder
                .withPayload(List.of("a".getBytes(StandardCharsets.UTF_8), "b"))
                .setHeader(BinderHeaders.BATCH_HEADERS, List.of(
                        Map.of(NatsBinderHeaders.SUBJECT, "inlet.raw.x"),
                        Map.of(NatsBinderHeaders.SUBJECT, "inlet.raw.y", "k", "v")))
                .build());

        assertThat(entries).hasSize(2);
        assertThat(new String(entries.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(entries.get(0).subject()).isEqualTo("inlet.raw.x");
        assertThat(entries.get(0).acknowledgment()).isNull();
        assertThat(new String(entries.get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(entries.get(1).headers()).containsEntry("k", "v");
    }

    @Test
    void saysWhatIsWrongWithSomethingThatIsNotABatch() {
        assertThatThrownBy(() -> NatsBatch.of(MessageBuilder.withPayload("one").build()))
                .hasMessageContaining("set consumer.batch-mode=true");
        assertThatThrownBy(() -> NatsBatch.of(MessageBuilder.withPayload(List.of("a", "b")).build()))
                .hasMessageContaining("without per-message headers");
        assertThatThrownBy(() -> NatsBatch.of(MessageBuilder.withPayload(List.of(42))
                .setHeader(BinderHeaders.BATCH_HEADERS, List.of(Map.of())).build()))
                .hasMessageContaining("declare the handler as Consumer<Message<?>>");
    }
}
