package io.inlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class InletCommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Inlet.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
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
    void theProgressBarFillsWithTheFilesRead() {
        assertThat(ProgressBar.render(0, 4, 0, 0, "running")).startsWith("[" + "-".repeat(30) + "]   0%");
        assertThat(ProgressBar.render(2, 4, 10, 12, "running")).isEqualTo(
                "[" + "#".repeat(15) + "-".repeat(15) + "]  50%  files 2/4  sent 10/12  running");
        assertThat(ProgressBar.render(0, 0, 0, 0, "done")).startsWith("[" + "#".repeat(30) + "] 100%");
    }
}
