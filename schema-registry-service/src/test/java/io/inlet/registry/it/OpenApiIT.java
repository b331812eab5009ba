package io.inlet.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The OpenAPI document and Swagger UI, and problem details outside the Confluent endpoints. */
class OpenApiIT extends RegistryIntegrationTest {

    @Test
    void servesOpenApiDocumentWithEveryEndpoint() {
        var docs = http().get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        var paths = docs.json().get("paths");
        assertThat(paths.propertyNames()).contains("/subjects", "/subjects/{subject}/versions", "/subjects/{subject}",
                "/subjects/{subject}/versions/{version}", "/subjects/{subject}/versions/{version}/schema",
                "/schemas/ids/{id}", "/schemas/ids/{id}/versions", "/schemas/types",
                "/compatibility/subjects/{subject}/versions/{version}", "/config", "/config/{subject}");
        assertThat(docs.json().get("components").get("securitySchemes").propertyNames()).contains("bearer", "basic");
    }

    @Test
    void servesSwaggerUi() {
        var ui = http().get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
    }

    @Test
    void unknownPathsAreProblemDetails() {
        var response = http().get("/no/such/thing");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("Exception");
    }
}
