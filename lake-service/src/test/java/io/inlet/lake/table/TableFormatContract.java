package io.inlet.lake.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.frame.FilteredBy;
import io.inlet.contracts.frame.Origin;
import io.inlet.lake.buffer.BufferKey;
import io.inlet.lake.buffer.FilteredRow;
import io.inlet.lake.buffer.Lake;
import io.inlet.lake.commit.CommittedFile;
import io.inlet.lake.commit.FileCommit;
import io.inlet.lake.format.JsonRecordWriter;
import io.inlet.lake.format.ParquetFileWriter;
import io.inlet.lake.format.ParquetRecord;
import io.inlet.lake.partition.Partition;
import io.inlet.columns.JsonSchemaMapper;
import io.inlet.lake.schema.TableSchema;
import io.inlet.lake.storage.ObjectStore;
import io.inlet.lake.storage.S3Storage;
import io.inlet.testsupport.Infrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every {@link TableFormat} adapter does, on a real object store: plans a file under its table and partition
 * with the buffer's columns in order, shows a registered file's rows once however often it is registered, and
 * plans a compatible version's wider columns into the same table.
 */
public abstract class TableFormatContract {

    static final String V1 = """
            {"type":"object","additionalProperties":false,"properties":{"n":{"type":"integer"}}}""";
    static final String V2 = """
            {"type":"object","additionalProperties":false,
             "properties":{"n":{"type":"integer"},"note":{"type":"string"}}}""";
    /** An event-time column, {@code occurred_at}, as a partition source. */
    protected static final String ORDERS = """
            {"type":"object","additionalProperties":false,
             "properties":{"n":{"type":"integer"},"occurred_at":{"type":"string","format":"date-time"}}}""";
    protected static final String OCCURRED_AT = "occurred_at";
    protected static final Instant NINE_AM = Instant.parse("2026-11-24T09:00:00Z");
    protected static final Instant TEN_AM = Instant.parse("2026-11-24T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() & 0xffffffffL);
    private static final Partition NINE = new Partition(LocalDate.of(2026, 11, 24), 9);

    @TempDir
    Path temp;

    protected abstract TableFormat format();

    static S3Client client;
    static String bucket;

    @BeforeAll
    static void s3() {
        client = Infrastructure.s3().client();
        bucket = Infrastructure.s3().createBucket("table-format");
    }

    @AfterAll
    static void closeS3() {
        client.close();
    }

    protected static S3Client client() {
        return client;
    }

    protected static String bucket() {
        return bucket;
    }

    protected static ObjectStore store() {
        return new S3Storage(client, 64L << 20, 16L << 20);
    }

    /** The event ids of a table of {@code lake} as the format's readers see it, one per row. */
    protected abstract List<String> idsReadBack(Lake lake, String table);

    /** The ids a reader finds in the partition of the hour from {@code hourStart} of {@code source}. */
    protected abstract List<String> idsInHour(String table, String source, Instant hourStart);

    /** The ids a reader finds in the null partition of {@code source} (the partition column read as null). */
    protected abstract List<String> idsInNullPartition(String table, String source);

    /** The format of tables whose configured partition source is {@code occurred_at}. */
    protected abstract TableFormat formatPartitionedBy(String source);

    @Test
    void aPayloadColumnsHoursAndItsNullPartitionHoldTheirRowsWhateverTheirReceivedAt() throws Exception {
        String table = table("event-time");
        TableFormat format = formatPartitionedBy(OCCURRED_AT);
        // All received at 12:10: partitions of received-at would put them in one.
        format.register(writeAndUpload(format, table, ORDERS, Partition.of(OCCURRED_AT, NINE_AM.plusSeconds(600)),
                Map.of("a", "2026-11-24T09:10:00Z", "b", "2026-11-24T09:59:59Z")));
        format.register(writeAndUpload(format, table, ORDERS, Partition.of(OCCURRED_AT, TEN_AM),
                Map.of("c", "2026-11-24T10:00:00Z")));
        format.register(writeAndUpload(format, table, ORDERS, Partition.nullOf(OCCURRED_AT), Map.of("d", "")));

        assertThat(idsInHour(table, OCCURRED_AT, NINE_AM)).containsExactlyInAnyOrder("a", "b");
        assertThat(idsInHour(table, OCCURRED_AT, TEN_AM)).containsExactly("c");
        assertThat(idsInNullPartition(table, OCCURRED_AT)).containsExactly("d");
        assertThat(idsReadBack(Lake.DATA, table)).containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void aPartitionOfAPayloadColumnIsPlannedUnderItsTable() {
        String table = table("plan-event-time");
        TableSchema columns = TableSchema.forEvents(JsonSchemaMapper.map(ORDERS));

        PlannedFile hour = formatPartitionedBy(OCCURRED_AT).plan(new BufferKey(Lake.DATA, table, table,
                Partition.of(OCCURRED_AT, TEN_AM)), columns, "part-1.parquet");
        PlannedFile none = formatPartitionedBy(OCCURRED_AT).plan(new BufferKey(Lake.DATA, table, table,
                Partition.nullOf(OCCURRED_AT)), columns, "part-2.parquet");

        assertThat(hour.objectKey()).contains(table + "/").contains("2026-11-24").contains("10")
                .endsWith("/part-1.parquet");
        assertThat(none.objectKey()).contains(table + "/").endsWith("/part-2.parquet")
                .doesNotContain("2026-11-24").isNotEqualTo(hour.objectKey().replace("part-1", "part-2"));
    }

    @Test
    void plansAFileUnderItsTableAndPartitionWithTheBuffersColumnsInOrder() {
        String table = table("plan");
        TableSchema columns = TableSchema.forEvents(JsonSchemaMapper.map(V1));

        PlannedFile planned = format().plan(key(table), columns, "part-1.parquet");

        assertThat(planned.objectKey()).contains(table + "/").contains("2026-11-24").contains("09")
                .endsWith("/part-1.parquet").doesNotStartWith("_staging/");
        assertThat(planned.fileSchema().getFields()).extracting(Type::getName)
                .containsExactlyElementsOf(columns.messageType().getFields().stream().map(Type::getName).toList());
    }

    @Test
    void aRegisteredFileIsReadOnceHoweverOftenItIsRegistered() throws Exception {
        String table = table("once");
        CommittedFile file = writeAndUpload(table, V1, List.of("a", "b", "c"));

        format().register(file);
        format().register(file);

        assertThat(idsReadBack(Lake.DATA, table)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aCompatibleVersionsWiderColumnsArePlannedIntoTheSameTable() throws Exception {
        String table = table("wider");
        format().register(writeAndUpload(table, V1, List.of("v1")));
        CommittedFile wider = writeAndUpload(table, V2, List.of("v2"));

        format().register(wider);

        assertThat(wider.file().objectKey()).contains(table + "/");
        assertThat(idsReadBack(Lake.DATA, table)).containsExactlyInAnyOrder("v1", "v2");
    }

    @Test
    void aFilteredTableIsATableOfItsOwnWithItsFixedColumns() throws Exception {
        String type = table("filtered");
        String table = FilteredRow.table(type);
        PlannedFile planned = format().plan(new BufferKey(Lake.FILTERED, type, table, NINE), TableSchema.FILTERED,
                "part-" + IDS.incrementAndGet() + ".parquet");
        FilteredBy step = new FilteredBy(1, FilteredBy.FILTER, "n > 0", 2L);
        Instant at = Instant.parse("2026-11-24T09:10:00Z");
        List<FilteredRow> rows = List.of(
                new FilteredRow("f-1", at, "gateway", step, 1, "req-1", Origin.of("RAW@1", 5, 0, 2)),
                new FilteredRow("f-2", at, "gateway", step, 1, null, Origin.of("RAW@1", 5, 1, 2)));
        Path local = new ParquetFileWriter("ZSTD", 1 << 20, temp).writeRows(TableSchema.FILTERED,
                planned.fileSchema(), rows.iterator(), Map.of());
        store().upload(bucket(), planned.objectKey(), local);
        CommittedFile file = new CommittedFile(IDS.incrementAndGet(), new FileCommit(Lake.FILTERED, bucket(), type,
                table, NINE, planned.objectKey(), planned.objectKey(), rows.size(), Files.size(local), null, null,
                "test"), Instant.now());

        format().register(file);
        format().register(file);

        assertThat(planned.objectKey()).contains(table + "/");
        assertThat(idsReadBack(Lake.FILTERED, table)).containsExactlyInAnyOrder("f-1", "f-2");
    }

    /** A file of rows {@code id -> occurred_at} (empty: absent), received at 12:10, in {@code partition}. */
    protected CommittedFile writeAndUpload(TableFormat format, String table, String schema, Partition partition,
                                           Map<String, String> occurredAt) throws Exception {
        TableSchema columns = TableSchema.forEvents(JsonSchemaMapper.map(schema));
        PlannedFile planned = format.plan(new BufferKey(Lake.DATA, table, table, partition), columns,
                "part-" + IDS.incrementAndGet() + ".parquet");
        List<ParquetRecord> rows = new ArrayList<>();
        for (Map.Entry<String, String> e : occurredAt.entrySet()) {
            ObjectNode row = (ObjectNode) JSON.readTree("{\"_inlet_event_id\":\"" + e.getKey()
                    + "\",\"_inlet_received_at\":\"2026-11-24T12:10:00Z\",\"n\":1"
                    + (e.getValue().isEmpty() ? "" : ",\"occurred_at\":\"" + e.getValue() + "\"") + "}");
            rows.add((consumer, c) -> JsonRecordWriter.write(consumer, c.root(), row));
        }
        Path local = new ParquetFileWriter("ZSTD", 1 << 20, temp).writeRows(columns, planned.fileSchema(),
                rows.iterator(), Map.of());
        store().upload(bucket(), planned.objectKey(), local);
        FileCommit commit = new FileCommit(Lake.DATA, bucket(), table, table, partition, planned.objectKey(),
                planned.objectKey(), occurredAt.size(), Files.size(local), 1, 1, "test");
        return new CommittedFile(IDS.incrementAndGet(), commit, Instant.now());
    }

    private CommittedFile writeAndUpload(String table, String schema, List<String> ids) throws Exception {
        TableSchema columns = TableSchema.forEvents(JsonSchemaMapper.map(schema));
        PlannedFile planned = format().plan(key(table), columns,
                "part-" + IDS.incrementAndGet() + ".parquet");
        List<ParquetRecord> rows = new ArrayList<>();
        for (String id : ids) {
            ObjectNode row = (ObjectNode) JSON.readTree("{\"_inlet_event_id\":\"" + id
                    + "\",\"_inlet_received_at\":\"2026-11-24T09:10:00Z\",\"n\":1}");
            rows.add((consumer, c) -> JsonRecordWriter.write(consumer, c.root(), row));
        }
        Path local = new ParquetFileWriter("ZSTD", 1 << 20, temp).writeRows(columns, planned.fileSchema(),
                rows.iterator(), Map.of());
        store().upload(bucket(), planned.objectKey(), local);
        FileCommit commit = new FileCommit(Lake.DATA, bucket(), table, table, NINE, planned.objectKey(),
                planned.objectKey(), ids.size(), Files.size(local), 1, 1, "test");
        return new CommittedFile(IDS.incrementAndGet(), commit, Instant.now());
    }

    private static BufferKey key(String table) {
        return new BufferKey(Lake.DATA, table, table, NINE);
    }

    protected static String table(String hint) {
        return "fmt." + hint + IDS.incrementAndGet();
    }
}
