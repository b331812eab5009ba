package io.inlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class InletCommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Inlet.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /**
     * Runs the command against a lake stub that answers every request under {@code path} with the JSON
     * {@code answer} gives (200), then stops the stub.
     */
    private int againstStubLake(String path, Function<HttpExchange, String> answer, String... args) throws IOException {
        HttpServer lake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lake.createContext(path, exchange -> {
            byte[] body = answer.apply(exchange).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        lake.start();
        try {
            String[] all = Arrays.copyOf(args, args.length + 4);
            System.arraycopy(new String[] {"--lake-url", "http://127.0.0.1:" + lake.getAddress().getPort(), "--token",
                "t"}, 0, all, args.length, 4);
            return run(all);
        } finally {
            lake.stop(0);
        }
    }

    @Test
    void everyCommandHasItsHelp() {
        for (String command : new String[] {"dry-run", "replay", "lineage", "tables", "errors"}) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(out.toString()).as(command).contains("Usage: inlet " + command).contains("--lake-url")
                    .contains("--token");
        }
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("dry-run").contains("replay").contains("lineage").contains("tables")
                .contains("errors");
    }

    @Test
    void aUsageErrorSaysWhatIsMissing() {
        assertThat(run("replay")).isEqualTo(2);
        assertThat(err.toString()).contains("--event-type is required");
        assertThat(run("dry-run", "--event-type", "a.b")).isEqualTo(2);
        assertThat(err.toString()).contains("--schema").contains("--version");
    }

    @Test
    void aLakeThatCannotBeReachedIsAProblemNotAStackTrace() {
        assertThat(run("tables", "--lake-url", "http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).startsWith("inlet: cannot reach the lake at http://127.0.0.1:1/");
    }

    @Test
    void lineagePrintsTheStepThatFilteredAnEvent() throws Exception {
        String answer = """
                {"eventType":"order.created","eventId":"e-7","status":"filtered","data":[],"errors":[],
                 "filtered":[{"table":"order.created@filtered","partition":"dt=2026-12-01/hr=10","bucket":"errs",
                   "key":"order.created@filtered/dt=2026-12-01/hr=10/part-1.parquet","row":4,"step":2,
                   "stepKind":"filter","description":"#amount > 0","pipelineRevision":3,
                   "summary":"step 2 filter: #amount > 0 (pipeline revision 3)"}],"replays":[]}""";
        int code = againstStubLake("/api/lake/lineage/order.created/e-7", exchange -> answer,
                "lineage", "order.created", "e-7");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("order.created e-7: filtered").contains("  filtered    step 2 filter: "
                + "#amount > 0 (pipeline revision 3) dt=2026-12-01/hr=10 s3://errs/order.created@filtered/dt=2026-12-01"
                + "/hr=10/part-1.parquet row 4");
    }

    @Test
    void resumeResumesAPausedReplayAndFollowsItToItsEnd() throws Exception {
        java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        int code = againstStubLake("/api/lake/replays/r-9", exchange -> {
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            String status = exchange.getRequestURI().getPath().endsWith("/resume") ? "running" : "done";
            return "{\"id\":\"r-9\",\"status\":\"" + status + "\",\"filesDone\":2,\"filesTotal\":2,"
                    + "\"sent\":5,\"matched\":5,\"message\":null}";
        }, "replay", "--resume", "r-9", "--poll-interval", "10ms");
        assertThat(code).as(err.toString()).isZero();
        assertThat(calls).startsWith("POST /api/lake/replays/r-9/resume", "GET /api/lake/replays/r-9");
        assertThat(out.toString()).contains("replay r-9: running").contains("sent 5/5  done");
    }

    @Test
    void theProgressBarFillsWithTheFilesRead() {
        assertThat(ProgressBar.render(0, 4, 0, 0, "running")).startsWith("[" + "-".repeat(30) + "]   0%");
        assertThat(ProgressBar.render(2, 4, 10, 12, "running")).isEqualTo(
                "[" + "#".repeat(15) + "-".repeat(15) + "]  50%  files 2/4  sent 10/12  running");
        assertThat(ProgressBar.render(0, 0, 0, 0, "done")).startsWith("[" + "#".repeat(30) + "] 100%");
    }
}
