package io.inlet.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "Tables of the data lake and the error lake: files, rows, bytes, last commit.")
final class TablesCommand extends LakeCommand {

    @Override
    public Integer call() {
        JsonNode tables = api().get("/api/lake/tables");
        if (json()) {
            Output.json(out(), tables);
        } else {
            Output.table(out(), tables, "lake", "eventType", "table", "files", "rows", "bytes", "lastCommittedAt");
        }
        return 0;
    }
}
