package io.inlet.bench;

import io.inlet.contracts.EventType;
import io.inlet.pipeline.steps.SqlStepRunner;
import io.inlet.pipeline.steps.StepsResult;
import io.inlet.validation.CompiledSchema;
import io.inlet.validation.SchemaCompiler;
import io.inlet.registryclient.RegistrySchema;
import io.inlet.transforms.PipelineStep;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schema applier's own cost, one thread (= one core): parse the event bytes, validate them
 * with formats asserted (collecting every violation), and type the valid ones — exactly what the
 * pipeline-service does per event, without NATS. Events are the shared fixtures, valid and invalid
 * mixed as they stand in the files. Each type runs twice: with no pipeline step, and with a typical sql step
 * (flatten, cast, CASE, WHERE) run as the pipeline runs it ({@link SqlStepRunner#runFrame}: compiled once, one
 * execution per frame of {@value #FRAME} events over the frame's valid ones); both write the records they keep as
 * JSON bytes, as the stage does. {@code order.created} runs a third time with a statement that unnests its items
 * (a row per order line, {@link #UNNEST}).
 *
 * <pre>{@code java -cp "bench/target/classes:bench/target/lib/*" io.inlet.bench.SchemaApplierBench [seconds]}</pre>
 */
public final class SchemaApplierBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ROUNDS = 7;
    /** Events per frame, as the gateway's batches of 100 make them: the sql step runs once per frame. */
    private static final int FRAME = 100;
    /** Events per second of this thread's CPU time, not of wall time: on a shared machine the thread is descheduled. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** A typical statement per fixture type: a few columns kept, one flattened, one cast or computed, a CASE. */
    static final Map<String, String> STATEMENTS = Map.of(
            "order.created", "SELECT order_id, event.customer.id AS customer_id,"
                    + " COALESCE(event.customer.tier, 'free') AS tier, currency,"
                    + " CAST(ROUND(total * 100) AS BIGINT) AS total_cents,"
                    + " CASE WHEN total >= 100 THEN 'large' ELSE 'small' END AS size, created_at"
                    + " FROM event WHERE currency <> 'XX'",
            "page.viewed", "SELECT user_id, url, CAST(duration_ms AS DOUBLE) / 1000 AS seconds,"
                    + " CASE WHEN referrer IS NULL THEN 'direct' ELSE 'referred' END AS arrival, viewed_at"
                    + " FROM event WHERE url IS NOT NULL");

    /** A row per order line ({@code examples/pipelines/order.created.unnest.json}): the statement that unnests. */
    static final String UNNEST = "SELECT e.order_id, e.customer.id AS customer_id, i.ORDINALITY AS line, i.sku,"
            + " i.quantity, i.unit_price, i.quantity * i.unit_price AS line_total, e.currency, e.created_at"
            + " FROM event AS e CROSS JOIN UNNEST(e.items) WITH ORDINALITY AS i";

    private SchemaApplierBench() {
    }

    public static void main(String[] args) throws IOException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path fixtures = fixtures();
        SchemaCompiler compiler = new SchemaCompiler();
        System.out.printf("schema applier, one thread, events per CPU-second of the thread, %d s per type and variant"
                + " after %d s warm-up%n", seconds,
                seconds / 2);
        for (String type : List.of("order.created", "page.viewed")) {
            String text = Files.readString(latestSchema(fixtures, type));
            CompiledSchema schema = compiler.compile(new RegistrySchema(1, type, 1, "JSON", text));
            SqlStepRunner statements = new SqlStepRunner((t, v) -> text, 10);
            PipelineStep.Sql step = new PipelineStep.Sql(STATEMENTS.get(type), null);
            List<byte[]> valid = lines(fixtures, type + ".valid.ndjson");
            List<byte[]> events = new ArrayList<>(valid);
            events.addAll(lines(fixtures, type + ".invalid.ndjson"));
            compare(type + " (mixed)", schema, events, seconds, statements, step);
            // the statement runs on valid events only: its share is largest where every event is valid
            compare(type + " (valid)", schema, valid, seconds, statements, step);
            if (type.equals("order.created")) {
                compare(type + " (valid, unnest)", schema, valid, seconds, statements,
                        new PipelineStep.Sql(UNNEST, null));
            }
        }
    }

    private static List<byte[]> lines(Path fixtures, String file) throws IOException {
        List<byte[]> events = new ArrayList<>();
        for (String line : Files.readAllLines(fixtures.resolve("events").resolve(file))) {
            if (!line.isBlank()) {
                events.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return events;
    }

    private static void compare(String label, CompiledSchema schema, List<byte[]> events, int seconds,
            SqlStepRunner statements, PipelineStep.Sql step) {
        {
            run(schema, events, seconds / 2.0, null, null);
            run(schema, events, seconds / 2.0, statements, step);
            // the variants alternate in short rounds, so that a busy machine slows both alike; medians of the rounds
            List<Double> none = new ArrayList<>();
            List<Double> sql = new ArrayList<>();
            Result last = null;
            for (int round = 0; round < ROUNDS; round++) {
                last = run(schema, events, (double) seconds / ROUNDS, null, null);
                none.add(last.perSecond());
                sql.add(run(schema, events, (double) seconds / ROUNDS, statements, step).perSecond());
            }
            double noneMedian = median(none);
            double sqlMedian = median(sql);
            System.out.printf("  %-22s no step %,10.0f events/s; sql step %,10.0f events/s: the statement is %.0f %% "
                            + "of the CPU per event (medians of %d alternating rounds; %d fixtures, %.0f %% invalid)%n",
                    label, noneMedian, sqlMedian, 100.0 * (1 - sqlMedian / noneMedian), ROUNDS, events.size(),
                    100.0 * last.invalid / last.events);
        }
    }

    private static Result run(CompiledSchema schema, List<byte[]> events, double seconds, SqlStepRunner statements,
            PipelineStep.Sql step) {
        EventType eventType = EventType.of(schema.subject());
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = CPU.getCurrentThreadCpuTime();
        long count = 0;
        long invalid = 0;
        long violations = 0;
        long sink = 0;
        List<JsonNode> frame = new ArrayList<>(FRAME);
        while (System.nanoTime() < deadline) {
            for (byte[] event : events) {
                JsonNode tree = JSON.readTree(event);
                int found = schema.validate(tree).size();
                if (found == 0) {
                    JsonNode typed = schema.typeInPlace(tree);
                    if (step != null) {
                        frame.add(typed);
                    } else {
                        sink += JSON.writeValueAsBytes(typed).length;
                    }
                } else {
                    invalid++;
                    violations += found;
                }
                count++;
                if (count % FRAME == 0 && !frame.isEmpty()) {
                    sink += runFrame(statements, eventType, step, frame);
                }
            }
        }
        if (!frame.isEmpty()) {
            sink += runFrame(statements, eventType, step, frame);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return new Result(count, invalid, violations, (CPU.getCurrentThreadCpuTime() - start) / 1e9);
    }

    /** The statement over one frame's valid events, as the stage runs it; the kept rows serialised. */
    private static long runFrame(SqlStepRunner statements, EventType eventType, PipelineStep.Sql step,
            List<JsonNode> frame) {
        long bytes = 0;
        for (StepsResult result : statements.runFrame(eventType, 1, step, frame)) {
            if (result instanceof StepsResult.Kept kept) {
                bytes += JSON.writeValueAsBytes(kept.record()).length;
            }
        }
        frame.clear();
        return bytes;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Path latestSchema(Path fixtures, String type) throws IOException {
        try (var files = Files.list(fixtures.resolve("schemas"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(type + ".v"))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
        }
    }

    private static Path fixtures() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no ../shared/fixtures above " + Path.of("").toAbsolutePath());
    }

    private record Result(long events, long invalid, long violations, double seconds) {
        double perSecond() {
            return events / seconds;
        }
    }
}
