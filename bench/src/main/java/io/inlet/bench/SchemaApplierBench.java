package io.inlet.bench;

import io.inlet.validation.CompiledSchema;
import io.inlet.validation.SchemaCompiler;
import io.inlet.registryclient.RegistrySchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schema applier's own cost, one thread (= one core): parse the event bytes, validate them
 * with formats asserted (collecting every violation), and type the valid ones — exactly what the
 * pipeline-service does per event, without NATS. Events are the shared fixtures, valid and invalid
 * mixed as they stand in the files.
 *
 * <pre>{@code java -cp "bench/target/classes:bench/target/lib/*" io.inlet.bench.SchemaApplierBench [seconds]}</pre>
 */
public final class SchemaApplierBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SchemaApplierBench() {
    }

    public static void main(String[] args) throws IOException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path fixtures = fixtures();
        SchemaCompiler compiler = new SchemaCompiler();
        System.out.printf("schema applier, one thread, %d s per type after %d s warm-up%n", seconds, seconds / 2);
        for (String type : List.of("order.created", "page.viewed")) {
            CompiledSchema schema = compiler.compile(new RegistrySchema(1, type, 1, "JSON",
                    Files.readString(latestSchema(fixtures, type))));
            List<byte[]> events = new ArrayList<>();
            for (String file : List.of(type + ".valid.ndjson", type + ".invalid.ndjson")) {
                for (String line : Files.readAllLines(fixtures.resolve("events").resolve(file))) {
                    if (!line.isBlank()) {
                        events.add(line.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            run(schema, events, seconds / 2.0);
            Result result = run(schema, events, seconds);
            System.out.printf("  %-14s %,10.0f events/s  (%d fixtures, %.0f %% invalid, %,d violations)%n", type,
                    result.perSecond(), events.size(), 100.0 * result.invalid / result.events, result.violations);
        }
    }

    private static Result run(CompiledSchema schema, List<byte[]> events, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        long invalid = 0;
        long violations = 0;
        long sink = 0;
        while (System.nanoTime() < deadline) {
            for (byte[] event : events) {
                JsonNode tree = JSON.readTree(event);
                int found = schema.validate(tree).size();
                if (found == 0) {
                    sink += schema.typeInPlace(tree).size();
                } else {
                    invalid++;
                    violations += found;
                }
                count++;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return new Result(count, invalid, violations, (System.nanoTime() - start) / 1e9);
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
