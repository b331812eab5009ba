package io.inlet.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the few facts the tests need out of a service Dockerfile. */
final class Dockerfiles {

    private static final Pattern SERVER_PORT = Pattern.compile("SERVER_PORT=(\\d+)");

    private Dockerfiles() {
    }

    /** The {@code SERVER_PORT} the image sets: the port the service listens on in a container. */
    static int serverPort(String dockerfile) {
        Matcher matcher = SERVER_PORT.matcher(dockerfile);
        if (!matcher.find()) {
            throw new AssertionError("Dockerfile sets no SERVER_PORT");
        }
        return Integer.parseInt(matcher.group(1));
    }
}
