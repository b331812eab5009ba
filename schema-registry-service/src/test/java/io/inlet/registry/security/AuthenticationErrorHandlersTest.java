package io.inlet.registry.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticationErrorHandlersTest {

    @ParameterizedTest
    @CsvSource({
            "/subjects, true",
            "/subjects/order.created/versions, true",
            "/subjects/order.created, true",
            "/schemas/ids/1, true",
            "/config, true",
            "/config/order.created, true",
            "/compatibility/subjects/order.created/versions/latest, true",
            "/mode, true",
            "/subjects/order.created/pipeline, false",
            "/actuator/health, false",
            "/v3/api-docs, false",
            "/subjectsx, false"})
    void confluentBodiesOnlyOnConfluentEndpoints(String path, boolean confluent) {
        assertThat(AuthenticationErrorHandlers.confluentEndpoint(path)).isEqualTo(confluent);
    }
}
