package io.inlet.lake.support;

import io.inlet.contracts.InletHeaders;
import io.inlet.lake.LakeApplication;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import io.inlet.testsupport.S3Instance;
import io.inlet.testsupport.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.CompletableFuture;
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

    public LakeHarness(String hint) {
        this(hint, null);
    }

    /** @param s3Endpoint where the lake reaches S3 (e.g. a {@link ToggleableProxy}); the shared S3 when null */
    public LakeHarness(String hint, URI s3Endpoint) {
        this.prefix = UniqueNames.subjectPrefix(hint);
        this.validStream = UniqueNames.streamName(hint + "_valid");
        this.errorsStream = UniqueNames.streamName(hint + "_errors");
        this.durableSuffix = UniqueNames.lowerToken(hint);
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
        return p;
    }

    public ConfigurableApplicationContext start(Map<String, Object> overrides) {
        Map<String, Object> p = properties();
        p.putAll(overrides);
        // As command-line arguments: they win over application.yml (server.port among them).
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(LakeApplication.class).run(args);
    }

    /** Publishes a validated event the way the pipeline does. */
    public CompletableFuture<?> publishValid(String type, String eventId, Instant receivedAt, int version,
                                             String json) {
        Headers headers = new Headers();
        headers.put(InletHeaders.NATS_MSG_ID, eventId);
        headers.put(InletHeaders.EVENT_ID, eventId);
        headers.put(InletHeaders.EVENT_TYPE, type);
        headers.put(InletHeaders.RECEIVED_AT, receivedAt.toString());
        headers.put(InletHeaders.SOURCE, "gateway");
        headers.put(InletHeaders.SCHEMA_VERSION, Integer.toString(version));
        headers.put(InletHeaders.SCHEMA_ID, "1");
        return publish(validPrefix() + "." + type, headers, json);
    }

    public CompletableFuture<?> publishError(String type, String eventId, Instant receivedAt, String envelopeJson) {
        Headers headers = new Headers();
        headers.put(InletHeaders.NATS_MSG_ID, eventId);
        headers.put(InletHeaders.EVENT_ID, eventId);
        headers.put(InletHeaders.EVENT_TYPE, type);
        headers.put(InletHeaders.RECEIVED_AT, receivedAt.toString());
        headers.put(InletHeaders.ERROR_STAGE, "schema");
        return publish(errorsPrefix() + "." + type, headers, envelopeJson);
    }

    private CompletableFuture<?> publish(String subject, Headers headers, String body) {
        JetStream jetStream;
        try {
            jetStream = nats.jetStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jetStream.publishAsync(NatsMessage.builder().subject(subject).headers(headers)
                .data(body.getBytes(StandardCharsets.UTF_8)).build());
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
            String from = "read_parquet('" + glob + "', hive_partitioning = true, union_by_name = true)";
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
