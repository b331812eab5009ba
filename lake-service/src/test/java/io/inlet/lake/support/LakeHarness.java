package io.inlet.lake.support;

import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.lake.LakeApplication;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.Frames;
import io.inlet.testsupport.IsolatedSchema;
import io.inlet.testsupport.S3Instance;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.MessageChannel;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Everything one IT class needs on the real infrastructure, isolated by unique names: a PostgreSQL schema, a
 * subject prefix and streams on NATS, two S3 buckets, and a registry. Starts and stops lake instances.
 */
public final class LakeHarness implements AutoCloseable {

    /** The bearer tokens of the lake's API in every harness-started lake. */
    public static final String ADMIN_TOKEN = "test-admin";
    public static final String READER_TOKEN = "lake-it-reader-token";

    public final String prefix;
    public final String validStream;
    public final String errorsStream;
    public final String lakeBucket;
    public final String errorBucket;
    public final IsolatedSchema schema;
    public final TestRegistry registry = new TestRegistry();
    public final Connection nats;
    private final S3Instance s3;
    private final URI s3Endpoint;
    private final String durableSuffix;
    /** The raw stream the events' origins name, as the consumer-service would set them. */
    public final String rawStream;
    private final AtomicLong rawSequence = new AtomicLong();

    public LakeHarness(String hint) {
        this(hint, null);
    }

    /** @param s3Endpoint where the lake reaches S3 (e.g. a {@link ToggleableProxy}); the shared S3 when null */
    public LakeHarness(String hint, URI s3Endpoint) {
        this.prefix = UniqueNames.subjectPrefix(hint);
        this.validStream = UniqueNames.streamName(hint + "_valid");
        this.errorsStream = UniqueNames.streamName(hint + "_errors");
        this.durableSuffix = UniqueNames.lowerToken(hint);
        this.rawStream = UniqueNames.streamName(hint + "_raw") + "@" + System.currentTimeMillis();
        this.s3 = Infrastructure.s3();
        this.s3Endpoint = s3Endpoint == null ? s3.endpoint() : s3Endpoint;
        this.lakeBucket = s3.createBucket(hint + "-lake");
        this.errorBucket = s3.createBucket(hint + "-errors");
        this.schema = Infrastructure.postgres().createSchema(hint);
        this.nats = Infrastructure.nats().connect();
        try {
            JetStreamManagement management = nats.jetStreamManagement();
            management.addStream(StreamConfiguration.builder().name(validStream).subjects(validPrefix() + ".>")
                    .storageType(StorageType.File).build());
            management.addStream(StreamConfiguration.builder().name(errorsStream).subjects(errorsPrefix() + ".>")
                    .storageType(StorageType.File).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String validPrefix() {
        return prefix + ".valid";
    }

    public String errorsPrefix() {
        return prefix + ".errors";
    }

    public S3Instance s3() {
        return s3;
    }

    /** The lake's settings for this harness: small, fast buffers for tests. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>(schema.springProperties());
        p.put("server.port", "0");
        p.put("inlet.registry.url", registry.url().toString());
        p.put("spring.cloud.stream.nats.binder.servers", Infrastructure.nats().url());
        // The binder's consumers find the streams this harness created by their subjects.
        p.put("inlet.lake.sources.valid.subject-prefix", validPrefix());
        p.put("spring.cloud.stream.bindings.lakeValid-in-0.group", validDurable());
        p.put("inlet.lake.sources.errors.subject-prefix", errorsPrefix());
        p.put("spring.cloud.stream.bindings.lakeErrors-in-0.group", errorsDurable());
        p.put("spring.cloud.stream.nats.default.consumer.ack-wait", "8s");
        p.put("inlet.lake.sources.retry-backoff", "500ms");
        p.put("inlet.lake.buffer.max-age", "2s");
        p.put("inlet.lake.buffer.check-interval", "100ms");
        p.put("inlet.lake.commit.janitor-interval", "500ms");
        p.put("inlet.lake.commit.publish-grace", "1s");
        p.put("inlet.lake.s3.endpoint", s3Endpoint.toString());
        p.put("inlet.lake.s3.region", s3.region());
        p.put("inlet.lake.s3.access-key", s3.accessKey());
        p.put("inlet.lake.s3.secret-key", s3.secretKey());
        p.put("inlet.lake.s3.path-style", "true");
        p.put("inlet.lake.s3.max-attempts", "2");
        p.put("inlet.lake.s3.api-call-timeout", "5s");
        p.put("inlet.lake.s3.lake-bucket", lakeBucket);
        p.put("inlet.lake.s3.error-bucket", errorBucket);
        p.put("inlet.lake.security.admin.token", ADMIN_TOKEN);
        p.put("inlet.lake.security.reader.token", READER_TOKEN);
        return p;
    }

    public ConfigurableApplicationContext start(Map<String, Object> overrides) {
        return start(overrides, new Class<?>[0]);
    }

    /** @param extra more configuration classes (test hooks) */
    public ConfigurableApplicationContext start(Map<String, Object> overrides, Class<?>... extra) {
        Map<String, Object> p = properties();
        p.putAll(overrides);
        // As command-line arguments: they win over application.yml (server.port among them).
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(LakeApplication.class).sources(extra).run(args);
    }

    /**
     * A validated event as the pipeline writes it (source {@code gateway}, schema id 1), without an origin:
     * {@link #publishValid} gives it the one the consumer-service would.
     */
    public static FramedEvent validEvent(String id, Instant receivedAt, int version, String json) {
        return new FramedEvent(id, receivedAt, "gateway", version, 1L, null, null, Map.of(), null, null,
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** A failed event as the pipeline writes it into an error frame, without an origin. */
    public static FramedEvent failedEvent(String id, Instant receivedAt, Integer version, Long schemaId,
                                          String payload, FrameFailure failure) {
        return new FramedEvent(id, receivedAt, "gateway", version, schemaId, null, null, Map.of(), null, failure,
                payload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The events as the consumer-service sets their origins: all of them came in one raw message, the next of this
     * harness's raw stream ({@link #rawStream}).
     */
    public List<FramedEvent> fromOneRawMessage(List<FramedEvent> events) {
        long sequence = rawSequence.incrementAndGet();
        List<FramedEvent> placed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            placed.add(events.get(i).withOrigin(Origin.of(rawStream, sequence, i, events.size())));
        }
        return placed;
    }

    /** Publishes the events as one frame to {@code <valid prefix>.<type>}, origins as from one raw message. */
    public EventFrame publishValid(String type, List<FramedEvent> events) {
        EventFrame frame = EventFrame.events(EventType.of(type), fromOneRawMessage(events));
        publish(validPrefix() + "." + type, frame);
        return frame;
    }

    /** Publishes the failed events as one error frame to {@code <errors prefix>.<type>}, origins as from one raw message. */
    public EventFrame publishErrors(String type, List<FramedEvent> events) {
        EventFrame frame = EventFrame.errors(EventType.of(type), fromOneRawMessage(events));
        publish(errorsPrefix() + "." + type, frame);
        return frame;
    }

    /** Publishes a frame as it is (e.g. once more: a stage that re-published its output); returns its PubAck. */
    public PublishAck publish(String subject, EventFrame frame) {
        return Frames.publish(nats, subject, frame, null);
    }

    /** Publishes bytes that are no frame. */
    public PublishAck publishBytes(String subject, byte[] body) {
        try {
            return nats.jetStream().publish(subject, body);
        } catch (IOException | io.nats.client.JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A single number from the lake's commit log (e.g. a count). */
    public long number(String sql) {
        try (java.sql.Connection connection = schema.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The NATS connection of a lake instance's binder (to cut the instance off NATS). */
    public static Connection binderConnection(ConfigurableApplicationContext app) {
        Object binder = app.getBean(BinderFactory.class).getBinder(null, MessageChannel.class);
        return ((io.inlet.binder.NatsMessageChannelBinder) binder).connectionProvider().get();
    }

    public ConsumerInfo consumer(String stream, String durable) {
        try {
            return nats.jetStreamManagement().getConsumerInfo(stream, durable);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String validDurable() {
        return "lake_valid_" + durableSuffix;
    }

    public String errorsDurable() {
        return "lake_errors_" + durableSuffix;
    }

    /** Keys of every object in a bucket under a prefix. */
    public List<String> keys(String bucket, String keyPrefix) {
        try (S3Client client = s3.client()) {
            return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(keyPrefix)).contents().stream()
                    .map(S3Object::key).toList();
        }
    }

    /**
     * Downloads every file of a table and runs a DuckDB query over them; {@code FROM lake} in the query is the
     * table, read with Hive partitioning and columns merged by name.
     */
    public List<Map<String, Object>> query(String bucket, String table, String sql) {
        return query(bucket, table, sql, "");
    }

    /** As {@link #query(String, String, String)}, with more {@code read_parquet} options ({@code ", hive_types = ..."}). */
    public List<Map<String, Object>> query(String bucket, String table, String sql, String readOptions) {
        try {
            Path dir = Files.createTempDirectory("lake-read-");
            try (S3Client client = s3.client()) {
                for (String key : keys(bucket, table + "/")) {
                    Path target = dir.resolve(key);
                    Files.createDirectories(target.getParent());
                    client.getObject(r -> r.bucket(bucket).key(key), target);
                }
            }
            String glob = dir.resolve(table).toString().replace("'", "''") + "/**/*.parquet";
            String from = "read_parquet('" + glob + "', hive_partitioning = true, union_by_name = true" + readOptions
                    + ")";
            try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                 Statement statement = duck.createStatement();
                 ResultSet rs = statement.executeQuery(sql.replace("FROM lake", "FROM " + from))) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        row.put(meta.getColumnLabel(i), value);
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (Exception e) {
            throw new IllegalStateException("DuckDB query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        registry.close();
        try {
            nats.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
