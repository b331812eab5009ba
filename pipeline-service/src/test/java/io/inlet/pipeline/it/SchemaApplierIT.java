package io.inlet.pipeline.it;

import io.inlet.testsupport.SubjectReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.InletHeaders;
import io.inlet.pipeline.Fixtures;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.RegistryProcess;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schema applier against the real registry (its own process) and the real NATS JetStream, on
 * this class's own event types.
 */
class SchemaApplierIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PREFIX = UniqueNames.lowerToken("pipeline_it");
    private static final String ORDERS = PREFIX + ".order.created";
    private static final String PAGES = PREFIX + ".page.viewed";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Connection nats;
    private static ConfigurableApplicationContext app;
    private static long ordersV1;
    private static long pagesV1;
    private static long pagesV2;
    private static String group;

    @BeforeAll
    static void start() {
        RegistryProcess registry = RegistryProcess.get();
        ordersV1 = registry.register(ORDERS, Fixtures.schema("order.created.v1.json"));
        pagesV1 = registry.register(PAGES, Fixtures.schema("page.viewed.v1.json"));
        pagesV2 = registry.register(PAGES, Fixtures.schema("page.viewed.v2.json"));
        nats = Infrastructure.nats().connect();
        group = UniqueNames.lowerToken("pipeline_it_group");
        app = PipelineApps.start(PREFIX, group, registry.url());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void validEventsReachInletValidTypedAsTheirSchemaSays() {
        try (SubjectReader valid = new SubjectReader(nats, "INLET_VALID", "inlet.valid." + ORDERS)) {
            List<String> fixtures = Fixtures.events("order.created.valid.ndjson");
            String first = PipelineApps.publish(nats, ORDERS, fixtures.get(0), null);
            String second = PipelineApps.publish(nats, ORDERS, fixtures.get(1), null);

            await().atMost(WAIT).until(() -> valid.messages().size() == 2);
            Map<String, Message> byId = byEventId(valid.messages());
            Message message = byId.get(second);
            assertThat(message.getHeaders().getFirst(InletHeaders.NATS_MSG_ID)).isEqualTo(ORDERS + ":" + second);
            assertThat(message.getHeaders().getFirst(InletHeaders.SCHEMA_ID)).isEqualTo(Long.toString(ordersV1));
            assertThat(message.getHeaders().getFirst(InletHeaders.SCHEMA_VERSION)).isEqualTo("1");
            assertThat(message.getHeaders().getFirst(InletHeaders.EVENT_TYPE)).isEqualTo(ORDERS);
            JsonNode typed = JSON.readTree(message.getData());
            assertThat(typed.get("created_at").asString()).isEqualTo("2026-11-24T09:00:01.250000Z");
            assertThat(typed.get("customer").get("tier").asString()).isEqualTo("free");
            assertThat(typed.get("customer").get("id").isIntegralNumber()).isTrue();
            assertThat(typed.get("total").isFloatingPointNumber()).isTrue();
            assertThat(JSON.readTree(byId.get(first).getData()).get("created_at").asString())
                    .isEqualTo("2026-11-24T10:00:00.000000Z");
        }
    }

    @Test
    void invalidEventsReachInletErrorsWithThePointersOfAllTheirViolations() {
        try (SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + PREFIX + ".>")) {
            Map<String, String> expectedById = new HashMap<>();
            for (String type : List.of("order.created", "page.viewed")) {
                List<String> events = Fixtures.events(type + ".invalid.ndjson");
                List<String> expected = Fixtures.events(type + ".invalid.expected.ndjson");
                for (int i = 0; i < events.size(); i++) {
                    expectedById.put(PipelineApps.publish(nats, PREFIX + "." + type, events.get(i), null),
                            expected.get(i));
                }
            }

            // other tests of this class also write errors under the prefix: look at this test's events only
            await().atMost(WAIT).until(() -> byEventId(errors.messages()).keySet().containsAll(expectedById.keySet()));
            List<Message> mine = errors.messages().stream()
                    .filter(m -> expectedById.containsKey(m.getHeaders().getFirst(InletHeaders.EVENT_ID))).toList();
            assertThat(mine).hasSize(expectedById.size());
            for (Message message : mine) {
                JsonNode error = JSON.readTree(message.getData());
                String id = error.get("eventId").asString();
                assertThat(message.getHeaders().getFirst(InletHeaders.ERROR_STAGE)).isEqualTo("schema");
                assertThat(error.get("stage").asString()).isEqualTo("schema");
                assertThat(error.get("schemaId").asLong()).isIn(ordersV1, pagesV2);
                assertThat(error.get("payloadEncoding").asString()).isEqualTo("utf-8");
                List<String> actual = error.get("violations").valueStream()
                        .map(v -> v.get("pointer").asString() + " " + v.get("keyword").asString()).toList();
                List<String> expected = JSON.readTree(expectedById.get(id)).valueStream()
                        .map(v -> v.get("instanceLocation").asString() + " " + v.get("keyword").asString()).toList();
                assertThat(actual).as(error.toString()).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(error.get("violations").valueStream()).allSatisfy(v ->
                        assertThat(v.get("message").asString()).isNotBlank());
            }
        }
    }

    @Test
    void aPinnedOlderSchemaVersionIsHonoured() {
        String withDevice = "{\"user_id\":\"u-1\",\"url\":\"https://shop.example.com/\","
                + "\"viewed_at\":\"2026-11-24T09:15:02Z\",\"device\":\"mobile\"}";
        String plain = "{\"user_id\":\"u-2\",\"url\":\"https://shop.example.com/\",\"viewed_at\":\"2026-11-24T09:15:02Z\"}";
        try (SubjectReader valid = new SubjectReader(nats, "INLET_VALID", "inlet.valid." + PAGES);
             SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + PAGES)) {
            String latest = PipelineApps.publish(nats, PAGES, withDevice, null);
            String pinnedRejected = PipelineApps.publish(nats, PAGES, withDevice, 1);
            String pinnedValid = PipelineApps.publish(nats, PAGES, plain, 1);

            await().atMost(WAIT).until(() -> byEventId(valid.messages()).keySet().containsAll(List.of(latest, pinnedValid))
                    && byEventId(errors.messages()).containsKey(pinnedRejected));
            Map<String, Message> validById = byEventId(valid.messages());
            assertThat(validById.get(latest).getHeaders().getFirst(InletHeaders.SCHEMA_VERSION)).isEqualTo("2");
            assertThat(validById.get(latest).getHeaders().getFirst(InletHeaders.SCHEMA_ID)).isEqualTo(Long.toString(pagesV2));
            assertThat(validById.get(pinnedValid).getHeaders().getFirst(InletHeaders.SCHEMA_VERSION)).isEqualTo("1");
            assertThat(validById.get(pinnedValid).getHeaders().getFirst(InletHeaders.SCHEMA_ID)).isEqualTo(Long.toString(pagesV1));
            JsonNode error = JSON.readTree(byEventId(errors.messages()).get(pinnedRejected).getData());
            assertThat(error.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(error.get("violations").get(0).get("keyword").asString()).isEqualTo("additionalProperties");
            assertThat(validById).doesNotContainKey(pinnedRejected);
        }
    }

    @Test
    void eventsWithoutASchemaAndBrokenInputGoToTheErrorSubjectAndAreAckedAtOnce() throws Exception {
        String unknown = PREFIX + ".never.registered";
        try (SubjectReader errors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + unknown)) {
            String noSchema = PipelineApps.publish(nats, unknown, "{\"a\":1}", null);
            String noVersion = PipelineApps.publish(nats, PAGES, "{}", 9);
            String notJson = PipelineApps.publish(nats, unknown, "{\"a\":", null);
            nats.jetStream().publish(NatsMessage.builder().subject("inlet.events." + unknown)
                    .headers(new Headers().add("x", "no envelope")).data("{}".getBytes()).build());

            await().atMost(WAIT).until(() -> errors.messages().size() == 3);
            Map<String, Message> byId = byEventId(errors.messages());
            assertThat(JSON.readTree(byId.get(noSchema).getData()).get("reason").asString())
                    .isEqualTo("no schema is registered for subject '" + unknown + "'");
            assertThat(JSON.readTree(byId.get(notJson).getData()).get("stage").asString()).isEqualTo("decode");
            assertThat(errors.messages()).anySatisfy(m -> assertThat(JSON.readTree(m.getData()).get("reason").asString())
                    .startsWith("bad envelope headers: missing header inlet-event-id"));
            try (SubjectReader pageErrors = new SubjectReader(nats, "INLET_ERRORS", "inlet.errors." + PAGES)) {
                await().atMost(WAIT).until(() -> byEventId(pageErrors.messages()).containsKey(noVersion));
                assertThat(JSON.readTree(byEventId(pageErrors.messages()).get(noVersion).getData()).get("reason")
                        .asString()).isEqualTo("subject '" + PAGES + "' has no version 9");
            }
        }
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerInfo info = nats.jetStreamManagement().getConsumerInfo("INLET_EVENTS", group);
            assertThat(info.getNumPending()).isZero();
            assertThat(info.getNumAckPending()).isZero();
            assertThat(info.getRedelivered()).isZero();
        });
    }

    static Map<String, Message> byEventId(List<Message> messages) {
        Map<String, Message> byId = new HashMap<>();
        messages.forEach(m -> byId.put(m.getHeaders().getFirst(InletHeaders.EVENT_ID), m));
        return byId;
    }
}
