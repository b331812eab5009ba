package io.inlet.testsupport;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/** Finds S3: an endpoint from env vars, else an S3Proxy inside this JVM (which needs nothing installed). */
final class S3Resolver {

    static final String ENDPOINT_VARIABLE = "INLET_TEST_S3_ENDPOINT";
    static final String ACCESS_KEY_VARIABLE = "INLET_TEST_S3_ACCESS_KEY";
    static final String SECRET_KEY_VARIABLE = "INLET_TEST_S3_SECRET_KEY";
    static final String REGION_VARIABLE = "INLET_TEST_S3_REGION";
    static final String DEFAULT_REGION = "us-east-1";

    private final Environment environment;
    private final Supplier<S3Instance> inProcessServer;

    S3Resolver(Environment environment, Supplier<S3Instance> inProcessServer) {
        this.environment = environment;
        this.inProcessServer = inProcessServer;
    }

    S3Instance resolve() {
        Optional<String> endpoint = environment.get(ENDPOINT_VARIABLE);
        if (endpoint.isPresent()) {
            return new S3Instance(URI.create(endpoint.get()),
                    environment.get(REGION_VARIABLE).orElse(DEFAULT_REGION),
                    environment.get(ACCESS_KEY_VARIABLE).orElse(InProcessS3Proxy.ACCESS_KEY),
                    environment.get(SECRET_KEY_VARIABLE).orElse(InProcessS3Proxy.SECRET_KEY),
                    "env");
        }
        try {
            return inProcessServer.get();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not start S3Proxy inside the test JVM (" + e.getMessage()
                    + "). Set " + ENDPOINT_VARIABLE + " (and " + ACCESS_KEY_VARIABLE + ", " + SECRET_KEY_VARIABLE
                    + ", " + REGION_VARIABLE + ") to use another S3-compatible endpoint.", e);
        }
    }
}
