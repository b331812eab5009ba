package io.inlet.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the running registry the way a Confluent client does: the request lines, headers and
 * bodies of Confluent's API reference, written out literally, and the documented response shapes.
 * Nothing from the project is used on the client side. Runs in its own database schema so that ids
 * start from 1 as in the documentation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "inlet.registry.security.admin.username=sr-admin",
        "inlet.registry.security.admin.password=sr-secret"})
class ConfluentDocumentedShapesIT {

    private static final IsolatedSchema DATABASE = Infrastructure.postgres().createSchema("registry_confluent_it");
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    private record Reply(int status, String contentType, JsonNode body, String raw) {
    }

    private Reply call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", ACCEPT)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("sr-admin:sr-secret".getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body().isEmpty() ? null : JSON.readTree(response.body()), response.body());
    }

    private static List<String> keys(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    @Test
    void theDocumentedConversation() throws Exception {
        // POST /subjects/(string: subject)/versions
        Reply registered = call("POST", "/subjects/test.value/versions",
                "{\"schemaType\": \"JSON\", \"schema\": \"{\\\"type\\\":\\\"object\\\",\\\"properties\\\":"
                        + "{\\\"f1\\\":{\\\"type\\\":\\\"string\\\"}}}\"}");
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).startsWith(CONTENT_TYPE);
        assertThat(registered.raw()).isEqualTo("{\"id\":1}");

        // GET /schemas/ids/{int: id}
        Reply byId = call("GET", "/schemas/ids/1", null);
        assertThat(keys(byId.body())).containsExactlyInAnyOrder("schema", "schemaType");
        assertThat(byId.body().get("schemaType").asString()).isEqualTo("JSON");
        assertThat(JSON.readTree(byId.body().get("schema").asString()))
                .isEqualTo(JSON.readTree("{\"type\":\"object\",\"properties\":{\"f1\":{\"type\":\"string\"}}}"));

        // GET /schemas/types
        assertThat(call("GET", "/schemas/types", null).raw()).isEqualTo("[\"JSON\"]");

        // GET /schemas/ids/{int: id}/versions
        assertThat(call("GET", "/schemas/ids/1/versions", null).raw())
                .isEqualTo("[{\"subject\":\"test.value\",\"version\":1}]");

        // GET /subjects
        assertThat(call("GET", "/subjects", null).raw()).isEqualTo("[\"test.value\"]");

        // GET /subjects/(string: subject)/versions
        assertThat(call("GET", "/subjects/test.value/versions", null).raw()).isEqualTo("[1]");

        // GET /subjects/(string: subject)/versions/(versionId: version)
        Reply version = call("GET", "/subjects/test.value/versions/1", null);
        assertThat(keys(version.body())).containsExactlyInAnyOrder("subject", "id", "version", "schemaType", "schema");
        assertThat(version.body().get("subject").asString()).isEqualTo("test.value");
        assertThat(version.body().get("id").asInt()).isEqualTo(1);
        assertThat(version.body().get("version").asInt()).isEqualTo(1);

        // GET /subjects/(string: subject)/versions/(versionId: version)/schema
        Reply raw = call("GET", "/subjects/test.value/versions/latest/schema", null);
        assertThat(raw.body().get("properties").get("f1").get("type").asString()).isEqualTo("string");

        // POST /subjects/(string: subject)
        Reply lookup = call("POST", "/subjects/test.value",
                "{\"schemaType\": \"JSON\", \"schema\": \"{\\\"type\\\":\\\"object\\\",\\\"properties\\\":"
                        + "{\\\"f1\\\":{\\\"type\\\":\\\"string\\\"}}}\"}");
        assertThat(keys(lookup.body())).containsExactlyInAnyOrder("subject", "id", "version", "schemaType", "schema");

        // POST /compatibility/subjects/(string: subject)/versions/(versionId: version)
        Reply compatible = call("POST", "/compatibility/subjects/test.value/versions/latest",
                "{\"schemaType\": \"JSON\", \"schema\": \"{\\\"type\\\":\\\"object\\\",\\\"properties\\\":"
                        + "{\\\"f1\\\":{\\\"type\\\":\\\"string\\\"},\\\"f2\\\":{\\\"type\\\":\\\"integer\\\"}}}\"}");
        assertThat(compatible.raw()).isEqualTo("{\"is_compatible\":true}");
        Reply verbose = call("POST", "/compatibility/subjects/test.value/versions/1?verbose=true",
                "{\"schemaType\": \"JSON\", \"schema\": \"{\\\"type\\\":\\\"object\\\",\\\"properties\\\":"
                        + "{\\\"f1\\\":{\\\"type\\\":\\\"integer\\\"}}}\"}");
        assertThat(keys(verbose.body())).containsExactlyInAnyOrder("is_compatible", "messages");
        assertThat(verbose.body().get("is_compatible").asBoolean()).isFalse();

        // PUT /config, GET /config, PUT /config/(string: subject), GET /config/(string: subject)
        assertThat(call("PUT", "/config", "{\"compatibility\": \"FULL\"}").raw()).isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(call("GET", "/config", null).raw()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(call("PUT", "/config/test.value", "{\"compatibility\": \"NONE\"}").raw())
                .isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(call("GET", "/config/test.value", null).raw()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(call("DELETE", "/config/test.value", null).raw()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(call("DELETE", "/config", null).raw()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");

        // Errors: {"error_code": 40401, "message": "Subject 'unknown' not found."}
        Reply missing = call("GET", "/subjects/unknown/versions", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(keys(missing.body())).containsExactly("error_code", "message");
        assertThat(missing.raw()).isEqualTo("{\"error_code\":40401,\"message\":\"Subject 'unknown' not found.\"}");

        // DELETE /subjects/(string: subject)/versions/(versionId: version), then the subject
        assertThat(call("DELETE", "/subjects/test.value/versions/1", null).raw()).isEqualTo("1");
        Reply register2 = call("POST", "/subjects/test.value/versions",
                "{\"schemaType\": \"JSON\", \"schema\": \"{\\\"type\\\":\\\"object\\\"}\"}");
        assertThat(register2.raw()).isEqualTo("{\"id\":2}");
        assertThat(call("DELETE", "/subjects/test.value", null).raw()).isEqualTo("[2]");
        assertThat(call("DELETE", "/subjects/test.value?permanent=true", null).raw()).isEqualTo("[1,2]");
        assertThat(call("GET", "/subjects?deleted=true", null).raw()).isEqualTo("[]");

        // application/json works as well as Confluent's media type
        HttpResponse<String> plain = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/subjects"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }
}
