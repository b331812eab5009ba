package io.inlet.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand of {@code inlet}: the lake API with the global options, and where to print. */
abstract class LakeCommand implements Callable<Integer> {

    @ParentCommand
    Inlet inlet;

    @Spec
    CommandSpec spec;

    LakeApi api() {
        return inlet.api();
    }

    boolean json() {
        return inlet.json;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
