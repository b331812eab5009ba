package io.inlet.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its built artifacts are, for tests that check deployment files against them. */
final class RepoPaths {

    private RepoPaths() {
    }

    static Path root() {
        String configured = System.getProperty("inlet.repo.root");
        Path root = configured == null || configured.isBlank() ? Path.of("..") : Path.of(configured);
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("not the Inlet repository root (no docker-compose.yml): " + root);
        }
        return root;
    }

    static String version() {
        return System.getProperty("inlet.version", "0.1.0-SNAPSHOT");
    }
}
