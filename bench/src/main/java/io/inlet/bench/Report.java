package io.inlet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The run's results.md as it is written, section by section; rewritten to the file after each section. */
final class Report {

    private final StringBuilder text = new StringBuilder();

    Report line(String line) {
        text.append(line).append('\n');
        return this;
    }

    /** Text that ends its own lines (a table). */
    Report append(String lines) {
        text.append(lines);
        return this;
    }

    void writeTo(Path work) throws IOException {
        Files.writeString(work.resolve("results.md"), text);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
