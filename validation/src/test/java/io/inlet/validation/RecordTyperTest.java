package io.inlet.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RecordTyperTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @Test
    void typesOrdersAsTheirSchemaSays() {
        RecordTyper typer = RecordTyper.compile(JSON.readTree(io.inlet.testsupport.Fixtures.schema("order.created.v1.json")));
        JsonNode typed = typer.type(JSON.readTree("""
                {"order_id":"ord_ZZZZZZZZ9","customer":{"id":1.0,"email":"b@example.org"},
                 "items":[{"sku":"X","quantity":1,"unit_price":0},{"sku":"Y","quantity":2,"unit_price":9.99}],
                 "currency":"DKK","total":120.0,"created_at":"2026-11-24T10:00:01.250+01:00","ship_by":"2026-11-27"}"""));

        assertThat(JSON.writeValueAsString(typed)).isEqualTo("{\"order_id\":\"ord_ZZZZZZZZ9\","
                + "\"customer\":{\"id\":1,\"email\":\"b@example.org\",\"tier\":\"free\"},"
                + "\"items\":[{\"sku\":\"X\",\"quantity\":1,\"unit_price\":0.0},{\"sku\":\"Y\",\"quantity\":2,\"unit_price\":9.99}],"
                + "\"currency\":\"DKK\",\"total\":120.0,\"created_at\":\"2026-11-24T09:00:01.250000Z\","
                + "\"ship_by\":\"2026-11-27\"}");
        assertThat(typed.get("customer").get("id").isLong()).isTrue();
        assertThat(typed.get("total").isDouble()).isTrue();
    }

    @Test
    void normalizesTimestampsToUtcMicrosAndFillsDefaults() {
        RecordTyper typer = RecordTyper.compile(JSON.readTree(io.inlet.testsupport.Fixtures.schema("user.signed_up.v1.json")));
        JsonNode typed = typer.type(JSON.readTree(
                "{\"user_id\":\"u\",\"signed_up_at\":\"2026-11-24t23:59:59.999999999-02:30\",\"plan\":\"pro\"}"));

        assertThat(typed.get("signed_up_at").asString()).isEqualTo("2026-11-25T02:29:59.999999Z");
        assertThat(typed.get("marketing_opt_in").asBoolean()).isFalse();
        assertThat(typed.has("country")).isFalse();
    }

    @Test
    void followsLocalReferencesAndAllOf() {
        RecordTyper typer = RecordTyper.compile(JSON.readTree("""
                {"$defs":{"ts":{"type":"string","format":"date-time"},"node":{"type":"object",
                   "properties":{"at":{"$ref":"#/$defs/ts"},"next":{"$ref":"#/$defs/node"}}}},
                 "allOf":[{"$ref":"#/$defs/node"}],
                 "properties":{"n":{"type":"integer","default":7}}}"""));
        JsonNode typed = typer.type(JSON.readTree(
                "{\"at\":\"2026-01-01T00:00:00Z\",\"next\":{\"at\":\"2026-01-01T01:00:00+01:00\"}}"));

        assertThat(typed.get("n").asLong()).isEqualTo(7);
        assertThat(typed.get("at").asString()).isEqualTo("2026-01-01T00:00:00.000000Z");
        assertThat(typed.get("next").get("at").asString()).isEqualTo("2026-01-01T00:00:00.000000Z");
    }

    @Test
    void rejectsIntegersBeyondSixtyFourBits() {
        RecordTyper typer = RecordTyper.compile(JSON.readTree("{\"properties\":{\"n\":{\"type\":\"integer\"}}}"));
        assertThatThrownBy(() -> typer.type(JSON.readTree("{\"n\":92233720368547758070}")))
                .isInstanceOfSatisfying(TypingException.class, e -> assertThat(e.pointer()).isEqualTo("/n"))
                .hasMessageContaining("does not fit in 64 bits");
    }
}
