package io.inlet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "lineage", mixinStandardHelpOptions = true,
        description = {"Where an event went (data lake: table, partition, file, row, schema version; error lake: "
                + "stage, violations; filtered by a pipeline step: which; replays), or every event of a gateway "
                + "request.",
                "  inlet lineage order.created 0193a5c2-...", "  inlet lineage --request 0193a5c2-..."})
final class LineageCommand extends LakeCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "EVENT_TYPE")
    String eventType;

    @Parameters(index = "1", arity = "0..1", paramLabel = "EVENT_ID")
    String eventId;

    @Option(names = "--request", paramLabel = "REQUEST_ID", description = "A gateway request id (X-Request-Id).")
    String requestId;

    @Option(names = "--from", description = "Search events received at or after (RFC 3339).")
    String from;

    @Option(names = "--to", description = "Search events received before (RFC 3339).")
    String to;

    @Override
    public Integer call() {
        String window = (from == null ? "" : "from=" + LakeApi.encode(from)) + (to == null ? ""
                : (from == null ? "" : "&") + "to=" + LakeApi.encode(to));
        String query = window.isEmpty() ? "" : "?" + window;
        if (requestId != null) {
            JsonNode lineage = api().get("/api/lake/lineage/requests/" + LakeApi.encode(requestId) + query);
            if (json()) {
                Output.json(out(), lineage);
                return 0;
            }
            out().println("request " + requestId + ": " + lineage.path("events").size() + " events");
            for (JsonNode event : lineage.path("events")) {
                print(event);
            }
            return 0;
        }
        if (eventType == null || eventId == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give EVENT_TYPE and EVENT_ID, or --request REQUEST_ID");
        }
        JsonNode lineage = api().get("/api/lake/lineage/" + LakeApi.encode(eventType) + "/" + LakeApi.encode(eventId)
                + query);
        if (json()) {
            Output.json(out(), lineage);
        } else {
            print(lineage);
        }
        return 0;
    }

    private void print(JsonNode e) {
        out().println(e.path("eventType").asString() + " " + e.path("eventId").asString() + ": "
                + e.path("status").asString());
        for (JsonNode d : e.path("data")) {
            out().println("  data lake   " + d.path("table").asString() + " " + d.path("partition").asString()
                    + " s3://" + d.path("bucket").asString() + "/" + d.path("key").asString() + " row "
                    + d.path("row").asLong() + " schema v" + d.path("schemaVersion").asString());
        }
        for (JsonNode r : e.path("errors")) {
            out().println("  error lake  " + r.path("stage").asString() + ": " + r.path("reason").asString() + " "
                    + r.path("partition").asString() + " row " + r.path("row").asLong());
            for (JsonNode v : r.path("violations")) {
                out().println("              " + v.path("pointer").asString() + " " + v.path("keyword").asString()
                        + " " + v.path("message").asString());
            }
        }
        for (JsonNode f : e.path("filtered")) {
            out().println("  filtered    " + f.path("summary").asString() + " " + f.path("partition").asString()
                    + " s3://" + f.path("bucket").asString() + "/" + f.path("key").asString() + " row "
                    + f.path("row").asLong());
        }
        for (JsonNode r : e.path("replays")) {
            out().println("  replayed by " + r.path("replayId").asString() + " at " + r.path("replayedAt").asString());
        }
        if (e.hasNonNull("note")) {
            out().println("  " + e.path("note").asString());
        }
    }
}
