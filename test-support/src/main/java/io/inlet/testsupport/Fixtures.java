package io.inlet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The shared fixtures in {@code ../shared/fixtures} beside the repository. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        Path repo = Path.of(System.getProperty("inlet.repo.root", "..")).toAbsolutePath();
        return repo.resolve("../shared/fixtures").normalize();
    }

    public static String schema(String name) {
        return read(root().resolve("schemas").resolve(name));
    }

    public static List<String> events(String name) {
        return read(root().resolve("events").resolve(name)).lines().filter(l -> !l.isBlank()).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + file + " missing", e);
        }
    }
}
