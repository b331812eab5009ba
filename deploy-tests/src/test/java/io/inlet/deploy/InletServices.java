package io.inlet.deploy;

import java.util.List;

/** The five deployable services, by module (= compose service = Helm values key, camel-cased there). */
final class InletServices {

    static final String REGISTRY = "schema-registry-service";
    static final List<String> ALL = List.of(REGISTRY, "gateway-service", "consumer-service", "pipeline-service",
            "lake-service");

    private InletServices() {
    }
}
