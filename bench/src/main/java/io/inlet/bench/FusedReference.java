package io.inlet.bench;

import io.inlet.contracts.EventIds;
import io.inlet.columns.JsonSchemaMapper;
import io.inlet.lake.format.ParquetFileWriter;
import io.inlet.lake.schema.TableSchema;
import io.inlet.validation.CompiledSchema;
import io.inlet.validation.SchemaCompiler;
import io.inlet.registryclient.RegistrySchema;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fused reference: only the essential per-event work of the whole job, in one JVM with no network and no
 * broker, on {@code threads} threads (two: the machine's cores) — for each event's JSON bytes: give it an id
 * ({@link EventIds#generate()}) and a receive time, parse it, validate it with the pipeline-service's own
 * {@link SchemaCompiler} / {@link CompiledSchema#validate} (formats asserted, every violation collected), type it
 * ({@link CompiledSchema#type}, the pipeline's {@code RecordTyper}), add the lake's metadata columns and write it
 * as a Parquet row with the lake-service's own {@link ParquetFileWriter} (its {@code JsonRecordWriter}, ZSTD, files
 * of {@code rowsPerFile} rows on local disk, deleted after each file). Each thread runs that whole chain on its
 * own rows and files, so nothing is handed between threads: what Inlet does beyond this (HTTP, three JetStream
 * hops, frames encoded and decoded, the commit log, S3) is what "e2e ÷ fused" measures.
 *
 * <p>The schema is the page.viewed v1 schema the run registers ({@link Payloads#SCHEMA}, the same text as
 * {@code ../shared/fixtures/schemas/page.viewed.v1.json}); the events are the bench's own ({@link Payloads}).
 *
 * <pre>{@code java -cp 'bench/target/classes:bench/target/lib/*' io.inlet.bench.FusedReference [seconds] [threads]}</pre>
 */
public final class FusedReference {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Events written as rows, events the schema refused (none for the bench's events), over how long. */
    record Result(long rows, long invalid, long files, double seconds, int threads) {
        double eventsPerSecond() {
            return (rows + invalid) / seconds;
        }
    }

    private FusedReference() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Payloads payloads = new Payloads(300, Payloads.Kind.REALISTIC, 42);
        List<byte[]> events = payloads.events(10_000);
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "inlet-bench-fused-" + ProcessHandle.current()
                .pid());
        System.out.printf(Locale.ROOT, "fused reference: %d threads, %d s after %d s warm-up, %.0f-byte events%n",
                threads, seconds, Math.max(seconds / 3, 1), events.stream().mapToInt(e -> e.length).average()
                        .orElse(0));
        measure(events, 200_000, threads, Duration.ofSeconds(Math.max(seconds / 3, 1)), directory);
        Result result = measure(events, 200_000, threads, Duration.ofSeconds(seconds), directory);
        System.out.printf(Locale.ROOT, "  %,.0f events/s (%,d rows in %d files, %d invalid, %.1f s)%n",
                result.eventsPerSecond(), result.rows(), result.files(), result.invalid(), result.seconds());
        System.exit(0);
    }

    /** Runs the chain on {@code threads} threads over the events (cycled) for about {@code duration}. */
    static Result measure(List<byte[]> events, int rowsPerFile, int threads, Duration duration, Path directory)
            throws Exception {
        CompiledSchema schema = new SchemaCompiler().compile(new RegistrySchema(1, "page.viewed", 1, "JSON",
                Payloads.SCHEMA));
        TableSchema table = TableSchema.forEvents(JsonSchemaMapper.map(Payloads.SCHEMA));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "fused-reference");
            thread.setDaemon(true);
            return thread;
        });
        try {
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            List<Future<long[]>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * events.size() / threads;
                Path own = directory.resolve("t" + t);
                workers.add(pool.submit(() -> run(schema, table, events, offset, rowsPerFile, end, own)));
            }
            long rows = 0;
            long invalid = 0;
            long files = 0;
            for (Future<long[]> worker : workers) {
                long[] counts = worker.get();
                rows += counts[0];
                invalid += counts[1];
                files += counts[2];
            }
            return new Result(rows, invalid, files, (System.nanoTime() - start) / 1e9, threads);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One thread: files of {@code rowsPerFile} rows until {@code endNanos}; returns rows, invalid, files. */
    private static long[] run(CompiledSchema schema, TableSchema table, List<byte[]> events, int offset,
            int rowsPerFile, long endNanos, Path directory) {
        ParquetFileWriter writer = new ParquetFileWriter("ZSTD", 128L * 1024 * 1024, directory);
        Rows rows = new Rows(schema, events, offset);
        long files = 0;
        do {
            rows.startFile(rowsPerFile);
            Path file = writer.write(table, rows, Map.of());
            files++;
            ParquetFileWriter.deleteQuietly(file);
        } while (System.nanoTime() < endNanos);
        return new long[] {rows.written, rows.invalid, files};
    }

    /**
     * The rows of one file, made as the writer pulls them: each event parsed, validated, typed and given the lake's
     * metadata columns. An event the schema refuses is counted and skipped (Inlet would route it to the error lake;
     * the bench's events are all valid).
     */
    static final class Rows implements Iterator<ObjectNode> {

        private final CompiledSchema schema;
        private final List<byte[]> events;
        private int next;
        private int left;
        private ObjectNode pending;
        long written;
        long invalid;

        Rows(CompiledSchema schema, List<byte[]> events, int offset) {
            this.schema = schema;
            this.events = events;
            this.next = offset % events.size();
        }

        void startFile(int rowsPerFile) {
            left = rowsPerFile;
        }

        @Override
        public boolean hasNext() {
            while (pending == null && left > 0) {
                byte[] json = events.get(next);
                next = next + 1 == events.size() ? 0 : next + 1;
                pending = row(json);
            }
            return pending != null;
        }

        @Override
        public ObjectNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ObjectNode row = pending;
            pending = null;
            left--;
            written++;
            return row;
        }

        private ObjectNode row(byte[] json) {
            String eventId = EventIds.generate();
            Instant receivedAt = Instant.now();
            JsonNode event = JSON.readTree(json);
            if (!schema.validate(event).isEmpty()) {
                invalid++;
                left--;
                return null;
            }
            ObjectNode row = (ObjectNode) schema.typeInPlace(event);
            row.put(TableSchema.EVENT_ID, eventId);
            row.put(TableSchema.RECEIVED_AT, receivedAt.toString());
            row.put(TableSchema.SCHEMA_VERSION, 1);
            row.put(TableSchema.SOURCE, "gateway");
            return row;
        }
    }
}
