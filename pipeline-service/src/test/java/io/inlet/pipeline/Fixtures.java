package io.inlet.pipeline;

import java.nio.file.Path;
import java.util.List;

/** The shared fixtures in {@code ../shared/fixtures} beside the repository (see {@link io.inlet.testsupport.Fixtures}). */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        return io.inlet.testsupport.Fixtures.root();
    }

    public static String schema(String name) {
        return io.inlet.testsupport.Fixtures.schema(name);
    }

    public static List<String> events(String name) {
        return io.inlet.testsupport.Fixtures.events(name);
    }
}
