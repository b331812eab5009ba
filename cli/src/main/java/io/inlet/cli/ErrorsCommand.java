package io.inlet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "errors", mixinStandardHelpOptions = true,
        description = "The newest error-lake rows of an event type: stage, reason, violations, payload.")
final class ErrorsCommand extends LakeCommand {

    @Parameters(index = "0", paramLabel = "EVENT_TYPE", description = "The event type, e.g. order.created.")
    String eventType;

    @Option(names = "--limit", defaultValue = "20", description = "How many (1..100; default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        JsonNode samples = api().get("/api/lake/errors/" + LakeApi.encode(eventType) + "/samples?limit=" + limit);
        if (json()) {
            Output.json(out(), samples);
            return 0;
        }
        if (samples.isEmpty()) {
            out().println("no errors recorded for " + eventType);
        }
        for (JsonNode sample : samples) {
            out().println(sample.path("eventId").asString() + "  " + sample.path("stage").asString() + "  "
                    + sample.path("reason").asString() + "  (received " + sample.path("receivedAt").asString() + ")");
            for (JsonNode v : sample.path("violations")) {
                out().println("    " + v.path("pointer").asString() + "  " + v.path("keyword").asString() + "  "
                        + v.path("message").asString());
            }
            out().println("    payload: " + sample.path("payload").asString());
        }
        return 0;
    }
}
