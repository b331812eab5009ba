package io.inlet.pipeline.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.binder.NatsBatch;
import io.inlet.binder.NatsBinderHeaders;
import io.inlet.contracts.EventIds;
import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.FilteredBy;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FrameFit;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.validation.CompiledSchema;
import io.inlet.validation.SchemaCompiler;
import io.inlet.validation.SchemaResolver;
import io.inlet.registryclient.RegistryPipeline;
import io.inlet.registryclient.RegistrySchema;
import io.inlet.transforms.PipelineSteps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FrameApplierTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventType TYPE = EventType.of("shop.order");
    private static final String SUBJECT = "inlet.events.shop.order";
    private static final String INCARNATION = "INLET_EVENTS@1700000000000";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2026-12-01T11:59:00Z");
    private static final int LIMIT = 1024 * 1024;
    /** {@code n}: an integer; {@code s}: optional, a string; {@code list}: optional, integers; nothing else. */
    private static final String SCHEMA_TEXT = """
            {"type":"object","required":["n"],"additionalProperties":false,
             "properties":{"n":{"type":"integer"},"s":{"type":"string"},
                           "list":{"type":"array","items":{"type":"integer"}}}}""";
    private static final CompiledSchema SCHEMA = new SchemaCompiler().compile(new RegistrySchema(7, TYPE.name(), 3,
            "JSON", SCHEMA_TEXT));

    private final FrameApplier applier = applier(type -> RegistryPipeline.none(type.name()));

    @Test
    void aFrameOfMixedEventsYieldsOneValidAndOneErrorFrameWithIdsOriginsAndAttributesKept() {
        FramedEvent good = event("e-0", "{\"n\":1}", 0, 3).withOrigin(Origin.of("INLET_RAW@5", 10, 0, 3));
        FramedEvent bad = new FramedEvent("e-1", RECEIVED, "gateway", null, null, "key-1", "req-1",
                Map.of("specversion", "1.0"), Origin.of("INLET_RAW@5", 10, 1, 3), null,
                "{\"n\":\"one\",\"x\":2}".getBytes(StandardCharsets.UTF_8));
        FramedEvent broken = event("e-2", "{\"n\":", 2, 3);

        FrameApplier.Applied applied = applier.apply(entry(frame(good, bad, broken), SUBJECT), NOW, LIMIT);

        assertThat(applied.decoded()).isTrue();
        assertThat(applied.valid().eventType()).isEqualTo(TYPE);
        assertThat(applied.valid().events()).singleElement().satisfies(valid -> {
            assertThat(valid.eventId()).isEqualTo("e-0");
            assertThat(valid.schemaVersion()).isEqualTo(3);
            assertThat(valid.schemaId()).isEqualTo(7L);
            assertThat(valid.origin()).isEqualTo(good.origin());
            assertThat(JSON.readTree(valid.payload())).isEqualTo(JSON.readTree("{\"n\":1}"));
        });
        assertThat(applied.errors().kind()).isEqualTo(EventFrame.Kind.ERRORS);
        assertThat(applied.errors().events()).extracting(FramedEvent::eventId).containsExactly("e-1", "e-2");
        FramedEvent rejected = applied.errors().events().get(0);
        assertThat(rejected.payload()).isEqualTo(bad.payload());
        assertThat(rejected.attributes()).isEqualTo(bad.attributes());
        assertThat(rejected.origin()).isEqualTo(bad.origin());
        assertThat(rejected.apiKeyId()).isEqualTo("key-1");
        assertThat(rejected.schemaId()).as("the schema it failed").isEqualTo(7L);
        assertThat(rejected.failure().stage()).isEqualTo("schema");
        assertThat(rejected.failure().reason()).isEqualTo("2 schema violations");
        assertThat(rejected.failure().violations()).extracting(v -> v.pointer() + " " + v.keyword())
                .containsExactlyInAnyOrder("/n type", " additionalProperties");
        assertThat(rejected.failure().subject()).isEqualTo(SUBJECT);
        assertThat(rejected.failure().failedAt()).isEqualTo(NOW);
        FramedEvent notJson = applied.errors().events().get(1);
        assertThat(notJson.failure().stage()).isEqualTo("decode");
        assertThat(notJson.payload()).isEqualTo(broken.payload());
        assertThat(notJson.schemaId()).isNull();
    }

    @Test
    void filteredEventsGoToAFilteredFrameNamingTheStepWithoutTheirPayload() {
        FrameApplier filtering = applier(type -> new RegistryPipeline(type.name(), 4,
                PipelineSteps.parse(JSON.readTree("[{\"type\":\"drop\",\"path\":\"/s\"},"
                        + "{\"type\":\"filter\",\"expression\":\"n > 1\"}]"))));
        FramedEvent small = event("a", "{\"n\":1}", 0, 3);

        FrameApplier.Applied applied = filtering.apply(entry(frame(small, event("b", "{\"n\":2}", 1, 3),
                event("c", "{\"n\":0}", 2, 3)), SUBJECT), NOW, LIMIT);

        assertThat(applied.valid().events()).extracting(FramedEvent::eventId).containsExactly("b");
        assertThat(applied.errors()).isNull();
        assertThat(applied.filtered().kind()).isEqualTo(EventFrame.Kind.FILTERED);
        assertThat(applied.filtered().eventType()).isEqualTo(TYPE);
        assertThat(applied.filtered().events()).extracting(FramedEvent::eventId).containsExactly("a", "c");
        assertThat(applied.filteredEvents()).isEqualTo(2);
        FramedEvent a = applied.filtered().events().get(0);
        assertThat(a.filteredBy()).isEqualTo(new FilteredBy(1, FilteredBy.FILTER, "n > 1", 4L));
        assertThat(a.payload()).isEmpty();
        assertThat(a.origin()).isEqualTo(small.origin());
        assertThat(a.receivedAt()).isEqualTo(small.receivedAt());
        assertThat(a.schemaVersion()).as("the version it was valid under").isEqualTo(3);
        assertThat(FrameCodec.decode(FrameCodec.encode(applied.filtered()))).isEqualTo(applied.filtered());
    }

    @Test
    void anEventASqlWhereFiltersNamesTheStatement() {
        SchemaApplier applier = new SchemaApplier(new SchemaResolver(null, new SchemaCompiler(), 10) {
            @Override
            public Optional<CompiledSchema> resolve(EventType type, Integer pinnedVersion) {
                return Optional.of(SCHEMA);
            }
        }, type -> new RegistryPipeline(type.name(), 9, PipelineSteps.parse(JSON.readTree(
                "[{\"type\":\"sql\",\"statement\":\"SELECT n FROM event WHERE n > 1\"}]"))),
                new io.inlet.pipeline.steps.SqlStepRunner((type, version) -> SCHEMA_TEXT, 10));

        Outcome outcome = applier.apply(event("a", "{\"n\":1}", 0, 1), TYPE, SUBJECT, NOW);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Filtered.class, f -> assertThat(f.event().filteredBy())
                .isEqualTo(new FilteredBy(0, FilteredBy.SQL, "SELECT n FROM event WHERE n > 1", 9L)));
    }

    @Test
    void aValidFrameCarriesThePipelineRevisionItsEventsWereMadeBy() {
        FrameApplier revisionFour = applier(type -> new RegistryPipeline(type.name(), 4, List.of()));
        FrameApplier none = applier(type -> RegistryPipeline.none(type.name()));

        assertThat(revisionFour.apply(entry(frame(event("a", "{\"n\":1}", 0, 1)), SUBJECT), NOW, LIMIT).valid()
                .pipelineRevision()).isEqualTo(4L);
        assertThat(none.apply(entry(frame(event("a", "{\"n\":1}", 0, 1)), SUBJECT), NOW, LIMIT).valid()
                .pipelineRevision()).isZero();
        assertThat(FrameCodec.decode(FrameCodec.encode(revisionFour.apply(entry(frame(event("a", "{\"n\":1}", 0, 1)),
                SUBJECT), NOW, LIMIT).valid())).pipelineRevision()).isEqualTo(4L);
    }

    @Test
    void aGarbledFrameIsOneErrorHoldingItsBytesUnderTheFallbackIdOfItsPlaceInJetStream() {
        byte[] encoded = frame(event("a", "{\"n\":1}", 0, 1));
        byte[] truncated = Arrays.copyOf(encoded, encoded.length - 3);

        for (byte[] bytes : List.of(truncated, "{\"n\":1}".getBytes(StandardCharsets.UTF_8), new byte[0])) {
            FrameApplier.Applied applied = applier.apply(entry(bytes, SUBJECT), NOW, LIMIT);

            assertThat(applied.decoded()).isFalse();
            assertThat(applied.valid()).isNull();
            assertThat(applied.errors().eventType()).isEqualTo(TYPE);
            FramedEvent error = applied.errors().events().get(0);
            assertThat(applied.errors().events()).hasSize(1);
            assertThat(error.eventId()).isEqualTo(EventIds.fallbackForMessage(
                    EventIds.basis(SUBJECT, null, "INLET_EVENTS", 42L, bytes)));
            assertThat(error.origin()).isEqualTo(Origin.of(INCARNATION, 42, 0, 1));
            assertThat(error.payload()).isEqualTo(bytes);
            assertThat(error.failure().stage()).isEqualTo("decode");
            assertThat(error.failure().reason()).isNotBlank();
            assertThat(error.failure().subject()).isEqualTo(SUBJECT);
        }
        FrameApplier.Applied again = applier.apply(entry(truncated, SUBJECT), NOW.plusSeconds(60), LIMIT);
        assertThat(again.errors().events().get(0).eventId()).as("the same id on a redelivery")
                .isEqualTo(applier.apply(entry(truncated, SUBJECT), NOW, LIMIT).errors().events().get(0).eventId());
    }

    @Test
    void aMessageOnASubjectThatNamesNoEventTypeIsAnUnroutableError() {
        FrameApplier.Applied applied = applier.apply(entry(new byte[] {1, 2, 3}, "inlet.events.Not-A-Type"), NOW,
                LIMIT);

        assertThat(applied.errors().eventType()).isEqualTo(EventType.of("unroutable"));
        assertThat(applied.errors().events().get(0).payload()).containsExactly(1, 2, 3);
    }

    @Test
    void aFrameOfAnotherEventTypeThanItsSubjectsMakesAllItsEventsDecodeErrors() {
        EventFrame other = EventFrame.events(EventType.of("shop.refund"),
                List.of(event("a", "{\"n\":1}", 0, 2), event("b", "{\"n\":2}", 1, 2)));

        FrameApplier.Applied applied = applier.apply(entry(FrameCodec.encode(other), SUBJECT), NOW, LIMIT);

        assertThat(applied.valid()).isNull();
        assertThat(applied.errors().eventType()).isEqualTo(TYPE);
        assertThat(applied.errors().events()).extracting(FramedEvent::eventId).containsExactly("a", "b");
        assertThat(applied.errors().events()).allSatisfy(error -> {
            assertThat(error.failure().stage()).isEqualTo("decode");
            assertThat(error.failure().reason()).contains("shop.refund").contains(SUBJECT);
        });
        assertThat(applied.errors().events().get(1).payload()).isEqualTo("{\"n\":2}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anErrorWithMoreViolationsThanFitAMessageKeepsThoseThatFitAndSaysSo() {
        String list = IntStream.range(0, 500).mapToObj(i -> "\"v" + i + "\"").collect(Collectors.joining(","));
        String json = "{\"n\":1,\"list\":[" + list + "]}";
        int limit = 8 * 1024;

        FrameApplier.Applied applied = applier.apply(entry(frame(event("big", json, 0, 1)), SUBJECT), NOW, limit);

        FramedEvent error = applied.errors().events().get(0);
        int kept = error.failure().violations().size();
        assertThat(kept).isPositive().isLessThan(500);
        assertThat(error.failure().reason())
                .isEqualTo("500 schema violations (the first " + kept + " of 500 violations are kept: all of them "
                        + "do not fit a message)");
        assertThat(error.payload()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(FrameCodec.encode(applied.errors()).length).isLessThanOrEqualTo(limit);
        assertThat(FrameFit.fits(withViolations(error, kept + 1), TYPE, EventFrame.Kind.ERRORS, limit))
                .as("the most that fit").isFalse();
    }

    @Test
    void aTypedRecordThatOutgrewAMessageIsAnErrorWithItsOriginalBytes() {
        FrameApplier growing = applier(type -> new RegistryPipeline(type.name(), 2, PipelineSteps.parse(JSON.readTree(
                "[{\"type\":\"derive\",\"path\":\"/copy\",\"expression\":\"s + s + s + s\"}]"))));
        String json = "{\"n\":1,\"s\":\"" + "x".repeat(3000) + "\"}";

        FrameApplier.Applied applied = growing.apply(entry(frame(event("grown", json, 0, 2),
                event("small", "{\"n\":2,\"s\":\"y\"}", 1, 2)), SUBJECT), NOW, 8 * 1024);

        assertThat(applied.valid().events()).extracting(FramedEvent::eventId).containsExactly("small");
        FramedEvent error = applied.errors().events().get(0);
        assertThat(error.eventId()).isEqualTo("grown");
        assertThat(error.failure().stage()).isEqualTo("transform");
        assertThat(error.failure().reason()).startsWith("the typed record is ");
        assertThat(error.payload()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The trimmed error with the first {@code count} of all its violations (the schema finds them again). */
    private static FramedEvent withViolations(FramedEvent trimmed, int count) {
        List<Violation> all = SCHEMA.validate(JSON.readTree(trimmed.payload()));
        return trimmed.failed(new FrameFailure(trimmed.failure().stage(),
                trimmed.failure().reason(), all.subList(0, count), trimmed.failure().subject(),
                trimmed.failure().failedAt()));
    }

    private static FrameApplier applier(SchemaApplier.StepSource steps) {
        SchemaResolver resolver = new SchemaResolver(null, new SchemaCompiler(), 10) {
            @Override
            public Optional<CompiledSchema> resolve(EventType type, Integer pinnedVersion) {
                return Optional.of(SCHEMA);
            }
        };
        return new FrameApplier(new SchemaApplier(resolver, steps, null));
    }

    private static FramedEvent event(String id, String json, int index, int count) {
        return new FramedEvent(id, RECEIVED, "nats", null, null, null, null, Map.of(),
                Origin.of("INLET_RAW@5", 10, index, count), null, json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] frame(FramedEvent... events) {
        return FrameCodec.encode(EventFrame.events(TYPE, List.of(events)));
    }

    private static NatsBatch.Entry entry(byte[] payload, String subject) {
        return new NatsBatch.Entry(payload, Map.of(NatsBinderHeaders.SUBJECT, subject, NatsBinderHeaders.STREAM,
                "INLET_EVENTS", NatsBinderHeaders.STREAM_SEQUENCE, 42L, NatsBinderHeaders.STREAM_INCARNATION,
                INCARNATION));
    }
}
