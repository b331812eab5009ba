package io.inlet.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMetadataTest {

    @Test
    void roundTripsThroughHeaders() {
        EventMetadata metadata = new EventMetadata("01J9", EventType.of("order.created"),
                Instant.parse("2026-11-24T10:00:00Z"), "gateway", 2, "key-1", "req-9");
        Map<String, String> headers = metadata.toHeaders();

        assertThat(headers).containsEntry(InletHeaders.NATS_MSG_ID, "order.created:01J9").containsEntry(InletHeaders.SCHEMA_VERSION, "2")
                .containsEntry(InletHeaders.CONTENT_TYPE, "application/json");
        assertThat(EventMetadata.fromHeaders(headers::get)).isEqualTo(metadata);
    }

    @Test
    void leavesOptionalHeadersOutAndRequiresTheRest() {
        EventMetadata metadata = new EventMetadata("e1", EventType.of("page.viewed"), Instant.EPOCH, "nats",
                null, null, null);
        assertThat(metadata.toHeaders()).doesNotContainKeys(InletHeaders.SCHEMA_VERSION, InletHeaders.API_KEY_ID);
        assertThat(EventMetadata.fromHeaders(metadata.toHeaders()::get)).isEqualTo(metadata);
        assertThatThrownBy(() -> EventMetadata.fromHeaders(Map.<String, Object>of()::get))
                .hasMessage("missing header " + InletHeaders.EVENT_ID);
    }
}
