package io.inlet.localrunner;

import java.nio.file.Path;

/** What the local runner prints once everything is up: the URLs and the first steps, as commands to paste. */
final class Quickstart {

    private Quickstart() {
    }

    static String text(InletStack stack, S3Endpoint s3, Path envFile, Path logs, String lakeBucket, String errorBucket) {
        Path cwd = Path.of("").toAbsolutePath();
        String env = relative(cwd, envFile);
        String lake = s3.folder() == null ? null : relative(cwd, s3.folder());
        StringBuilder out = new StringBuilder();
        out.append("""

                ================================================================================
                 Inlet is running (Ctrl-C stops everything this command started)
                ================================================================================
                """);
        for (InletService service : InletService.values()) {
            out.append(String.format("  %-24s %s%n", service.module(), stack.url(service)));
        }
        out.append(String.format("  %-24s %s%n", "registry API docs", stack.url(InletService.SCHEMA_REGISTRY)
                + "/swagger-ui.html"));
        out.append(String.format("  %-24s %s%n", "gateway API docs", stack.url(InletService.GATEWAY)
                + "/swagger-ui.html"));
        out.append(String.format("  %-24s %s%n", "logs", relative(cwd, logs)));
        out.append("""

                Quickstart (in another terminal, from this directory):

                  # 0. URLs, the admin token and an API key created for you (allowed: every event type)
                  . %1$s

                  # 1. register a schema for the event type page.viewed
                  curl -sS -X POST "$INLET_REGISTRY/subjects/page.viewed/versions" \\
                    -H "Authorization: Bearer $INLET_ADMIN_TOKEN" \\
                    -H 'Content-Type: application/vnd.schemaregistry.v1+json' \\
                    --data @examples/schemas/page.viewed.v1.register.json

                  # 2. send events (NDJSON: one event per line; the last one breaks the schema)
                  curl -sS -X POST "$INLET_GATEWAY/v1/events/page.viewed" \\
                    -H "Authorization: Bearer $INLET_API_KEY" \\
                    -H 'Content-Type: application/x-ndjson' \\
                    --data-binary @examples/events/page.viewed.ndjson
                  #    or many: examples/generate-events.sh page.viewed 1000

                """.formatted(env));
        if (lake != null) {
            out.append("""
                      # 3. about 10 s later the Parquet files are here:
                      find %1$s -name '*.parquet'
                      #    valid events:  %1$s/%2$s/page.viewed/dt=YYYY-MM-DD/hr=HH/part-*.parquet
                      #    failed events: %1$s/%3$s/page.viewed/... (with the reason and the JSON pointer)

                      # 4. read them with DuckDB (https://duckdb.org/docs/installation)
                      duckdb -c "select * from read_parquet('%1$s/%2$s/page.viewed/**/*.parquet', hive_partitioning=true, union_by_name=true)"
                      duckdb -c "select reason, violations, payload from read_parquet('%1$s/%3$s/page.viewed/**/*.parquet', hive_partitioning=true)"
                    """.formatted(lake, lakeBucket, errorBucket));
        } else {
            out.append("""
                      # 3. about 10 s later the Parquet files are in s3://%s/page.viewed/ (errors: s3://%s/page.viewed/)
                    """.formatted(lakeBucket, errorBucket));
        }
        out.append("""
                      #    or ask the lake: curl -sS -H "Authorization: Bearer $INLET_LAKE_READER_TOKEN" "$INLET_LAKE_API/api/lake/tables"
                    """);
        return out.toString();
    }

    private static String relative(Path cwd, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
