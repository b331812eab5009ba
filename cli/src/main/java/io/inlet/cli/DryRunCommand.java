package io.inlet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "dry-run",
        description = {"Test a candidate schema (or a registered version) against recent events of a type, from the "
                + "data lake and the error lake: how many pass, the most frequent violations, example ids.",
                "Registers nothing (POST /api/lake/dry-runs)."})
final class DryRunCommand extends LakeCommand {

    // Its own --help: the standard mixin's --version would take the name of the registered-version option.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--event-type", required = true, description = "The event type, e.g. order.created.")
    String eventType;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Candidate candidate;

    static final class Candidate {
        @Option(names = "--schema", paramLabel = "FILE", description = "A JSON Schema file (the candidate).")
        Path schema;

        @Option(names = "--version", description = "A registered version instead.")
        Integer version;
    }

    @Option(names = "--source", description = "valid, errors or both (default: both).")
    String source;

    @Option(names = "--limit", description = "Events to test (default 1000, at most 10000).")
    Integer limit;

    @Option(names = "--from", description = "Received at or after (RFC 3339).")
    String from;

    @Option(names = "--to", description = "Received before (RFC 3339).")
    String to;

    @Override
    public Integer call() throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventType", eventType);
        if (candidate.schema != null) {
            body.put("schema", LakeApi.JSON.readTree(Files.readString(candidate.schema)));
        } else {
            body.put("version", candidate.version);
        }
        putIfSet(body, "source", source);
        putIfSet(body, "limit", limit);
        putIfSet(body, "from", from);
        putIfSet(body, "to", to);
        JsonNode report = api().post("/api/lake/dry-runs", body);
        if (json()) {
            Output.json(out(), report);
            return 0;
        }
        out().println("sampled: " + report.path("sampled"));
        out().println("passed:  " + report.path("passed").asLong());
        out().println("failed:  " + report.path("failed").asLong());
        printViolations(out(), report.path("violations"));
        return 0;
    }

    static void printViolations(java.io.PrintWriter out, JsonNode violations) {
        if (violations.isEmpty()) {
            return;
        }
        out.println("most frequent violations:");
        for (JsonNode v : violations) {
            out.println("  " + v.path("count").asLong() + "x  " + (v.path("pointer").asString().isEmpty() ? "(root)"
                    : v.path("pointer").asString()) + "  " + v.path("keyword").asString() + "  e.g. "
                    + v.path("exampleIds"));
        }
    }

    static void putIfSet(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
