package io.inlet.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorEnvelopeTest {

    @Test
    void keepsUtf8PayloadsAsTextAndOtherBytesAsBase64() {
        byte[] text = "{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8);
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00};

        assertThat(ErrorEnvelope.encodePayload(text)).containsExactly("{\"a\":\"ü\"}", ErrorEnvelope.ENCODING_UTF8);
        assertThat(ErrorEnvelope.encodePayload(binary)).containsExactly("//4A", ErrorEnvelope.ENCODING_BASE64);
        assertThat(envelope(binary).payloadBytes()).isEqualTo(binary);
        assertThat(envelope(text).payloadBytes()).isEqualTo(text);
    }

    @Test
    void headersCarryIdStageAndSchema() {
        ErrorEnvelope envelope = new ErrorEnvelope("e1", "order.created", ErrorEnvelope.STAGE_SCHEMA, "1 violation",
                List.of(new Violation("/total", "type", "string found, number expected")), 7L, 2, "{}",
                ErrorEnvelope.ENCODING_UTF8, "inlet.events.order.created", "gateway", Instant.EPOCH, Instant.EPOCH);

        assertThat(envelope.toHeaders())
                .containsEntry(InletHeaders.NATS_MSG_ID, "order.created:e1")
                .containsEntry(InletHeaders.EVENT_ID, "e1")
                .containsEntry(InletHeaders.ERROR_STAGE, "schema")
                .containsEntry(InletHeaders.SCHEMA_ID, "7")
                .containsEntry(InletHeaders.SCHEMA_VERSION, "2")
                .containsEntry(InletHeaders.SOURCE, "gateway")
                .containsEntry(InletHeaders.CONTENT_TYPE, "application/json");
    }

    @Test
    void rejectsUnknownStages() {
        assertThatThrownBy(() -> new ErrorEnvelope("e1", "x", "parse", "r", null, null, null, "", "utf-8", null, null,
                Instant.EPOCH, Instant.EPOCH)).hasMessageContaining("stage must be one of");
    }

    private static ErrorEnvelope envelope(byte[] bytes) {
        String[] payload = ErrorEnvelope.encodePayload(bytes);
        return new ErrorEnvelope("e1", "x", ErrorEnvelope.STAGE_DECODE, "not JSON", null, null, null, payload[0],
                payload[1], "inlet.raw.x", "nats", Instant.EPOCH, Instant.EPOCH);
    }
}
