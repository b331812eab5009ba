package io.inlet.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code inlet}: the schema owner's admin tasks over the lake's HTTP API. Exit code 0 on success, 1 when the lake
 * refused or could not be reached (its problem is printed), 2 on a usage error.
 */
@Command(name = "inlet", mixinStandardHelpOptions = true, version = "inlet 0.1.0",
        description = "Test schemas on real traffic, replay the error lake, trace events.",
        subcommands = {DryRunCommand.class, ReplayCommand.class, LineageCommand.class, TablesCommand.class,
                ErrorsCommand.class, CommandLine.HelpCommand.class})
public final class Inlet {

    @Option(names = "--lake-url", scope = ScopeType.INHERIT, defaultValue = "${env:INLET_LAKE_URL:-http://127.0.0.1:8084}",
            description = "The lake-service (env INLET_LAKE_URL; default ${DEFAULT-VALUE}).")
    String lakeUrl;

    @Option(names = "--token", scope = ScopeType.INHERIT, defaultValue = "${env:INLET_LAKE_ADMIN_TOKEN}",
            description = "Bearer token: the lake's admin token (env INLET_LAKE_ADMIN_TOKEN), or a reader token for reads.")
    String token;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the lake's JSON answer as it is.")
    boolean json;

    /** Whether output goes to a terminal (the progress bar redraws in place). */
    boolean terminal;

    LakeApi api() {
        return new LakeApi(lakeUrl, token);
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.console() != null,
                args));
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, false, args);
    }

    /** Runs one command line; what it prints goes to {@code out}, problems to {@code err}. */
    static int run(PrintWriter out, PrintWriter err, boolean terminal, String... args) {
        Inlet inlet = new Inlet();
        inlet.terminal = terminal;
        CommandLine line = new CommandLine(inlet);
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof LakeApi.ApiException api) {
                cmd.getErr().println("inlet: " + api.getMessage());
                return 1;
            }
            throw e;
        });
        return line.execute(args);
    }
}
