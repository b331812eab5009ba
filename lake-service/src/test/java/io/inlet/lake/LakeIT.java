package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.EventIds;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.support.LakeHarness;
import io.nats.client.api.PublishAck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The lake end to end on real NATS, PostgreSQL and S3 (S3Proxy); files read back by DuckDB. */
class LakeIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path FIXTURES = Path.of(System.getProperty("inlet.repo.root", "..")).resolve("../shared/fixtures")
            .normalize();
    private static final Instant NINE = Instant.parse("2026-11-24T09:20:00Z");
    private static final Instant TEN = Instant.parse("2026-11-24T10:05:00Z");

    private static final byte[] GARBLED = "IF\u0001\u0000 truncated".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static LakeHarness harness;
    private static ConfigurableApplicationContext app;
    private static PublishAck garbledAck;

    @BeforeAll
    static void startLakeAndPublish() throws Exception {
        harness = new LakeHarness("lake-it");
        harness.registry.register("page.viewed", fixture("schemas/page.viewed.v1.json"));
        harness.registry.register("page.viewed", fixture("schemas/page.viewed.v2.json"));
        harness.registry.register("order.created", fixture("schemas/order.created.v1.json"));
        harness.registry.register("user.signed_up", fixture("schemas/user.signed_up.v1.json"));
        // v2 changes plan from an enum string to an integer: incompatible, so it starts a new table.
        harness.registry.register("user.signed_up", fixture("schemas/user.signed_up.v1.json")
                .replace("\"plan\": {\"type\": \"string\", \"enum\": [\"free\", \"pro\", \"enterprise\"]}",
                        "\"plan\": {\"type\": \"integer\"}"));
        app = harness.start(Map.of("inlet.lake.commit.orphan-age", "3s",
                "spring.cloud.stream.nats.binder.lag-interval", "300ms"));

        List<String> pages = lines("events/page.viewed.valid.ndjson");
        // One frame across two hourly partitions and the error lake.
        harness.publishValid("page.viewed", List.of(
                LakeHarness.validEvent("pv-1", NINE, 1, pages.get(0)),
                LakeHarness.validEvent("pv-2", NINE, 1, pages.get(1)),
                LakeHarness.validEvent("pv-3", TEN, 2, pages.get(2)),
                // Valid by the pipeline's word, but its value does not fit the column: the lake's own error.
                LakeHarness.validEvent("pv-bad", TEN, 2,
                        "{\"user_id\":\"u-9\",\"url\":\"https://x.example/\",\"viewed_at\":\"2026-11-24T10:00:00Z\","
                                + "\"duration_ms\":\"long\"}")));
        List<String> orders = lines("events/order.created.valid.ndjson");
        // Not from the consumer-service: no origins, so the lake uses the place of the frame in its own input.
        // Compressed, as the stages publish their frames (format version 3).
        byte[] compressedOrders = FrameCodec.compressed(FrameCodec.encode(EventFrame.events(
                EventType.of("order.created"), List.of(LakeHarness.validEvent("oc-1", NINE, 1, orders.get(0)),
                        LakeHarness.validEvent("oc-2", NINE, 1, orders.get(1))))));
        assertThat(compressedOrders[2]).isEqualTo((byte) FrameCodec.FORMAT_VERSION);
        harness.publishBytes(harness.validPrefix() + ".order.created", compressedOrders);
        harness.publishValid("user.signed_up", List.of(
                LakeHarness.validEvent("us-1", NINE, 1, "{\"user_id\":\"u-1\",\"signed_up_at\":"
                        + "\"2026-11-24T09:00:00Z\",\"plan\":\"pro\",\"tags\":[\"a\",\"b\"]}"),
                LakeHarness.validEvent("us-2", NINE, 2,
                        "{\"user_id\":\"u-2\",\"signed_up_at\":\"2026-11-24T09:01:00Z\",\"plan\":3}")));

        List<String> invalid = lines("events/page.viewed.invalid.ndjson");
        List<String> expected = lines("events/page.viewed.invalid.expected.ndjson");
        List<FramedEvent> failed = new java.util.ArrayList<>();
        for (int i = 0; i < invalid.size(); i++) {
            failed.add(LakeHarness.failedEvent("pe-" + i, NINE, 2, 12L, invalid.get(i), failure(expected.get(i))));
        }
        harness.publishErrors("page.viewed", failed);
        // No frame at all: kept whole in the error lake.
        garbledAck = harness.publishBytes(harness.validPrefix() + ".garbled.thing", GARBLED);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(publishedRows("data", "page.viewed")).isEqualTo(3);
            assertThat(publishedRows("data", "order.created")).isEqualTo(2);
            assertThat(publishedRows("data", "user.signed_up")).isEqualTo(1);
            assertThat(publishedRows("data", "user.signed_up@v2")).isEqualTo(1);
            assertThat(publishedRows("errors", "page.viewed")).isEqualTo(invalid.size() + 1);
            assertThat(publishedRows("errors", "garbled.thing")).isEqualTo(1);
        });
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void eventsLandInHivePartitionsOfTheirReceivedHour() {
        List<String> keys = harness.keys(harness.lakeBucket, "page.viewed/");
        assertThat(keys).anyMatch(k -> k.startsWith("page.viewed/dt=2026-11-24/hr=09/part-") && k.endsWith(".parquet"));
        assertThat(keys).anyMatch(k -> k.startsWith("page.viewed/dt=2026-11-24/hr=10/part-"));
        List<Map<String, Object>> rows = harness.query(harness.lakeBucket, "page.viewed",
                "SELECT _inlet_event_id AS id, CAST(dt AS VARCHAR) AS dt, hr FROM lake ORDER BY id");
        assertThat(rows).extracting(r -> r.get("id") + "@" + r.get("dt") + "/" + r.get("hr"))
                .containsExactly("pv-1@2026-11-24/09", "pv-2@2026-11-24/09", "pv-3@2026-11-24/10");
    }

    @Test
    void compatibleVersionsShareATableAndDuckDbReadsTypedColumns() {
        Map<String, String> types = harness.query(harness.lakeBucket, "page.viewed",
                        "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM lake)").stream()
                .collect(Collectors.toMap(r -> (String) r.get("column_name"), r -> (String) r.get("column_type")));
        assertThat(types).containsEntry("_inlet_event_id", "VARCHAR")
                .containsEntry("_inlet_received_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("_inlet_schema_version", "BIGINT")
                .containsEntry("_inlet_source", "VARCHAR")
                .containsEntry("user_id", "VARCHAR")
                .containsEntry("viewed_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("duration_ms", "BIGINT")
                .containsEntry("device", "VARCHAR");

        List<Map<String, Object>> rows = harness.query(harness.lakeBucket, "page.viewed", """
                SELECT _inlet_event_id AS id, _inlet_schema_version AS v, _inlet_source AS src, user_id,
                       epoch_ms(viewed_at) AS viewed_ms, duration_ms, device, referrer, session_id
                FROM lake ORDER BY id""");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsEntry("id", "pv-1").containsEntry("v", 1L).containsEntry("src", "gateway")
                .containsEntry("user_id", "u-1001").containsEntry("duration_ms", 5300L)
                .containsEntry("viewed_ms", Instant.parse("2026-11-24T09:15:02.123Z").toEpochMilli())
                .containsEntry("session_id", "s-9f2").containsEntry("referrer", null).containsEntry("device", null);
        assertThat(rows.get(1)).containsEntry("duration_ms", null).containsEntry("session_id", null);
        assertThat(rows.get(2)).containsEntry("v", 2L).containsEntry("device", "mobile")
                .containsEntry("viewed_ms", Instant.parse("2026-11-24T08:16:40.500Z").toEpochMilli())
                .containsEntry("referrer", "https://shop.example.com/p/42");
    }

    @Test
    void nestedObjectsArraysDatesAndNumbersKeepTheirTypes() {
        Map<String, String> types = harness.query(harness.lakeBucket, "order.created",
                        "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM lake)").stream()
                .collect(Collectors.toMap(r -> (String) r.get("column_name"), r -> (String) r.get("column_type")));
        assertThat(types).containsEntry("customer", "STRUCT(id BIGINT, email VARCHAR, tier VARCHAR)")
                .containsEntry("items", "STRUCT(sku VARCHAR, quantity BIGINT, unit_price DOUBLE)[]")
                .containsEntry("total", "DOUBLE")
                .containsEntry("ship_by", "DATE")
                .containsEntry("created_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("coupon", "VARCHAR");
        List<Map<String, Object>> rows = harness.query(harness.lakeBucket, "order.created", """
                SELECT order_id, customer.id AS customer_id, customer.tier AS tier, len(items) AS n,
                       items[2].unit_price AS second_price, items[1].quantity AS first_quantity, total,
                       CAST(ship_by AS VARCHAR) AS ship_by, epoch_ms(created_at) AS created_ms, currency
                FROM lake ORDER BY order_id""");
        assertThat(rows.get(0)).containsEntry("order_id", "ord_A1B2C3D4").containsEntry("customer_id", 17L)
                .containsEntry("tier", "pro").containsEntry("n", 2L).containsEntry("second_price", 120.0)
                .containsEntry("first_quantity", 2L).containsEntry("total", 139.98)
                .containsEntry("ship_by", "2026-11-27").containsEntry("currency", "EUR")
                .containsEntry("created_ms", Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());
        assertThat(rows.get(1)).containsEntry("tier", null).containsEntry("ship_by", null)
                .containsEntry("created_ms", Instant.parse("2026-11-24T09:00:01.250Z").toEpochMilli());
    }

    @Test
    void anIncompatibleVersionStartsANewTablePath() {
        assertThat(harness.keys(harness.lakeBucket, "user.signed_up/")).isNotEmpty();
        List<Map<String, Object>> v2 = harness.query(harness.lakeBucket, "user.signed_up@v2",
                "SELECT user_id, plan, typeof(plan) AS t FROM lake");
        assertThat(v2).singleElement().satisfies(r -> assertThat(r).containsEntry("user_id", "u-2")
                .containsEntry("plan", 3L).containsEntry("t", "BIGINT"));
        List<Map<String, Object>> v1 = harness.query(harness.lakeBucket, "user.signed_up",
                "SELECT plan, tags FROM lake");
        assertThat(v1).singleElement().satisfies(r -> assertThat(r).containsEntry("plan", "pro"));
    }

    @Test
    void errorRowsCarryTheirViolations() throws Exception {
        List<Map<String, Object>> rows = harness.query(harness.errorBucket, "page.viewed", """
                SELECT _inlet_event_id AS id, stage, reason, len(violations) AS n,
                       violations[1].pointer AS pointer, violations[1].keyword AS keyword,
                       violations[1].message AS message, payload, schema_version, epoch_ms(_inlet_received_at) AS ms
                FROM lake ORDER BY id""");
        List<String> expected = lines("events/page.viewed.invalid.expected.ndjson");
        List<String> invalid = lines("events/page.viewed.invalid.ndjson");
        assertThat(rows).hasSize(invalid.size() + 1);
        for (int i = 0; i < invalid.size(); i++) {
            JsonNode first = JSON.readTree(expected.get(i)).get(0);
            assertThat(rows.get(i)).containsEntry("id", "pe-" + i).containsEntry("stage", "schema")
                    .containsEntry("pointer", first.get("instanceLocation").asString())
                    .containsEntry("keyword", first.get("keyword").asString())
                    .containsEntry("payload", invalid.get(i)).containsEntry("schema_version", 2L)
                    .containsEntry("ms", NINE.toEpochMilli())
                    .containsEntry("n", (long) JSON.readTree(expected.get(i)).size());
        }
        assertThat(rows.get(invalid.size())).containsEntry("id", "pv-bad").containsEntry("stage", "lake")
                .containsEntry("pointer", "/duration_ms").containsEntry("keyword", "type").containsEntry("n", 1L);
        assertThat((String) rows.get(invalid.size()).get("payload")).contains("\"duration_ms\":\"long\"");
    }

    @Test
    void readApiListsTablesPartitionsFilesAndErrorSamples() throws Exception {
        JsonNode tables = get("/api/lake/tables");
        assertThat(tables.valueStream().filter(t -> t.get("lake").asString().equals("data")
                && t.get("table").asString().equals("page.viewed")))
                .singleElement().satisfies(t -> assertThat(t.get("rows").asLong()).isEqualTo(3));
        JsonNode partitions = get("/api/lake/data/tables/page.viewed/partitions");
        assertThat(partitions.valueStream().map(p -> p.get("partition").asString() + ":" + p.get("rows").asLong()))
                .containsExactly("dt=2026-11-24/hr=09:2", "dt=2026-11-24/hr=10:1");
        JsonNode files = get("/api/lake/data/tables/page.viewed/files?dt=2026-11-24&hr=9");
        assertThat(files.valueStream()).allSatisfy(f -> {
            assertThat(f.get("key").asString()).startsWith("page.viewed/dt=2026-11-24/hr=09/");
            assertThat(f.get("published").asBoolean()).isTrue();
            assertThat(f.get("origins").asString()).startsWith(harness.rawStream + ":{[");
        });
        assertThat(files.valueStream().mapToLong(f -> f.get("rows").asLong()).sum()).isEqualTo(2);
        JsonNode samples = get("/api/lake/errors/page.viewed/samples?limit=10");
        assertThat(samples.valueStream().map(s -> s.get("eventId").asString()))
                .contains("pe-0", "pe-1", "pe-2", "pv-bad");
        assertThat(samples.valueStream().filter(s -> s.get("eventId").asString().equals("pe-1")))
                .singleElement().satisfies(s -> {
                    assertThat(s.get("violations").get(0).get("pointer").asString()).isEqualTo("/viewed_at");
                    assertThat(s.get("violations").get(0).get("keyword").asString()).isEqualTo("format");
                });
        HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(baseUrl() + "/api/lake/nolake/tables/x/files"))
                .header("Authorization", "Bearer " + LakeHarness.READER_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown lake");
    }

    @Test
    void everyDeliveryIsAckedAndNoStagingObjectIsLeft() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(harness.consumer(harness.validStream, harness.validDurable()).getNumAckPending()).isZero();
            assertThat(harness.consumer(harness.errorsStream, harness.errorsDurable()).getNumAckPending()).isZero();
            assertThat(harness.keys(harness.lakeBucket, "_staging/")).isEmpty();
            assertThat(harness.keys(harness.errorBucket, "_staging/")).isEmpty();
        });
        assertThat(harness.consumer(harness.validStream, harness.validDurable()).getNumPending()).isZero();
    }

    @Test
    void prometheusShowsBothBindingsLagTheErrorLakeByTypeAndStageCommitsAndUnflushedAges() throws Exception {
        int invalid = lines("events/page.viewed.invalid.ndjson").size();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = io.inlet.testsupport.PrometheusScrapes.scrapeAndSave(baseUrl(), "lake-service");
            for (String binding : List.of("lakeValid-in-0", "lakeErrors-in-0")) {
                for (String gauge : List.of("pending", "ack_pending", "redelivered")) {
                    assertThat(scrape).containsPattern("(?m)^inlet_binder_consumer_lag_" + gauge
                            + "\\{[^}]*binding=\"" + binding + "\"[^}]*\\} 0\\.0$");
                }
            }
            assertThat(scrape).containsPattern("(?m)^inlet_lake_errors_committed_total\\{event_type=\"page\\.viewed\","
                    + "stage=\"schema\"\\} " + invalid + "\\.0$");
            assertThat(scrape).containsPattern("(?m)^inlet_lake_errors_committed_total\\{event_type=\"page\\.viewed\","
                    + "stage=\"lake\"\\} 1\\.0$");
            assertThat(scrape).containsPattern("(?m)^inlet_lake_unflushed_oldest_age_seconds\\{event_type=\"order\\.created\","
                    + "lake=\"data\"\\} 0\\.0$");
            assertThat(scrape).containsPattern("(?m)^inlet_lake_commits_seconds_count\\{lake=\"errors\"\\} [1-9]");
            assertThat(scrape).containsPattern("(?m)^inlet_lake_committed_bytes_total\\{lake=\"data\"\\} [1-9]");
        });
    }

    @Test
    void aMessageThatIsNoFrameIsKeptWholeUnderTheFallbackIdOfItsPlaceInTheInput() {
        String subject = harness.validPrefix() + ".garbled.thing";
        String id = EventIds.fallbackForMessage(EventIds.basis(subject, null, garbledAck.getStream(),
                garbledAck.getSeqno(), GARBLED));
        List<Map<String, Object>> rows = harness.query(harness.errorBucket, "garbled.thing",
                "SELECT _inlet_event_id AS id, stage, reason, payload, payload_encoding AS enc, subject FROM lake");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("id", id).containsEntry("stage", "lake")
                    .containsEntry("payload", new String(GARBLED, java.nio.charset.StandardCharsets.UTF_8))
                    .containsEntry("enc", "utf-8").containsEntry("subject", subject);
            assertThat((String) r.get("reason")).contains("FrameFormatException");
        });
        assertThat(originStreams("errors", "garbled.thing")).singleElement().satisfies(s -> assertThat(s)
                .startsWith(harness.validStream + "@"));
    }

    @Test
    void theCommitLogKeepsOriginRangesPerFileRawOnesOrTheLakeInputsWhenTheEventsHaveNone() {
        assertThat(originStreams("data", "page.viewed")).containsOnly(harness.rawStream);
        assertThat(originStreams("errors", "page.viewed")).containsOnly(harness.rawStream);
        assertThat(originStreams("data", "order.created")).singleElement()
                .satisfies(s -> assertThat(s).startsWith(harness.validStream + "@"));
        // the frame's valid events are in two files (hours 9 and 10), one range each
        assertThat(harness.number("select count(*) from lake_file_origin o, unnest(o.ranges) r "
                + "where o.event_type = 'page.viewed' and o.lake = 'data'")).isEqualTo(2);
    }

    private static List<String> originStreams(String lake, String type) {
        try (Connection connection = harness.schema.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select distinct origin_stream from lake_file_origin "
                     + "where lake = '" + lake + "' and event_type = '" + type + "'")) {
            List<String> streams = new java.util.ArrayList<>();
            while (rs.next()) {
                streams.add(rs.getString(1));
            }
            return streams;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void janitorPublishesFilesCommittedByADeadInstanceAndDeletesUncommittedUploads() throws Exception {
        try (var s3 = harness.s3().client()) {
            s3.putObject(r -> r.bucket(harness.lakeBucket).key("_staging/committed-by-dead.parquet"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("committed"));
            s3.putObject(r -> r.bucket(harness.lakeBucket).key("_staging/never-committed.parquet"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("orphan"));
        }
        try (Connection connection = harness.schema.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    insert into lake_file (lake, bucket, event_type, table_name, dt, hr, object_key, staging_key,
                        row_count, size_bytes, stream, committed_at)
                    values ('data', '%s', 'janitor.test', 'janitor.test', '2026-11-24', 9,
                        'janitor.test/dt=2026-11-24/hr=09/part-dead.parquet', '_staging/committed-by-dead.parquet',
                        1, 9, 'S', now() - interval '1 hour')""".formatted(harness.lakeBucket));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(harness.keys(harness.lakeBucket, "janitor.test/"))
                    .containsExactly("janitor.test/dt=2026-11-24/hr=09/part-dead.parquet");
            assertThat(harness.keys(harness.lakeBucket, "_staging/")).isEmpty();
            assertThat(publishedRows("data", "janitor.test")).isEqualTo(1);
        });
    }

    static long publishedRows(String lake, String table) throws Exception {
        try (Connection connection = harness.schema.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select coalesce(sum(row_count), 0) from lake_file where lake = '"
                     + lake + "' and table_name = '" + table + "' and published_at is not null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path))
                        .header("Authorization", "Bearer " + LakeHarness.READER_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    private static FrameFailure failure(String expectedViolations) {
        List<Violation> violations = new java.util.ArrayList<>();
        for (JsonNode v : JSON.readTree(expectedViolations)) {
            violations.add(new Violation(v.get("instanceLocation").asString(), v.get("keyword").asString(),
                    "fails " + v.get("keyword").asString()));
        }
        return new FrameFailure("schema", "schema violations", violations, "inlet.events.page.viewed",
                NINE.plusSeconds(1));
    }

    static String fixture(String path) throws Exception {
        return Files.readString(FIXTURES.resolve(path));
    }

    static List<String> lines(String path) throws Exception {
        return fixture(path).lines().filter(l -> !l.isBlank()).toList();
    }
}
