package io.inlet.registryclient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import io.inlet.transforms.PipelineSteps;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The registry's Confluent-compatible read endpoints over java.net.http; no caching here. */
final class RegistryHttpApi {

    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";

    private final URI baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final String authorization;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SubjectVersionBody(String subject, int version, long id, String schemaType, String schema) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SchemaByIdBody(String schema, String schemaType) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(Integer error_code, String message) {
    }

    RegistryHttpApi(URI baseUrl, Duration timeout, String authorization) {
        String text = baseUrl.toString();
        this.baseUrl = URI.create(text.endsWith("/") ? text : text + "/");
        this.timeout = timeout;
        this.authorization = authorization;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    RegistrySchema subjectVersion(String subject, String version) {
        SubjectVersionBody body = get("subjects/" + subject + "/versions/" + version, SubjectVersionBody.class);
        return new RegistrySchema(body.id(), body.subject(), body.version(), typeOrJson(body.schemaType()), body.schema());
    }

    RegistrySchema schemaById(long id) {
        SchemaByIdBody body = get("schemas/ids/" + id, SchemaByIdBody.class);
        return new RegistrySchema(id, null, null, typeOrJson(body.schemaType()), body.schema());
    }

    /**
     * {@code GET /subjects/{subject}/pipeline}; a 404 (unknown subject) is an empty pipeline. Steps the
     * registry accepted but this client cannot read (e.g. a step type it does not know yet) are an error,
     * never silently skipped.
     */
    RegistryPipeline pipeline(String subject) {
        String path = "subjects/" + subject + "/pipeline";
        HttpResponse<String> response = send(path, "application/json, application/problem+json");
        if (response.statusCode() == 404) {
            return RegistryPipeline.none(subject);
        }
        return readPipeline(subject, path, response);
    }

    /** {@code GET /subjects/{subject}/pipeline/revisions/{revision}}; a 404 is a not-found error. */
    RegistryPipeline pipelineRevision(String subject, long revision) {
        String path = "subjects/" + subject + "/pipeline/revisions/" + revision;
        HttpResponse<String> response = send(path, "application/json, application/problem+json");
        if (response.statusCode() == 404) {
            throw new RegistryClientException("Schema registry: subject " + subject + " has no pipeline revision "
                    + revision, 404, 0, null);
        }
        return readPipeline(subject, path, response);
    }

    private RegistryPipeline readPipeline(String subject, String path, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new RegistryClientException("Schema registry: GET /" + path + " -> " + response.statusCode(),
                    response.statusCode(), 0, null);
        }
        try {
            JsonNode body = json.readTree(response.body());
            return new RegistryPipeline(subject, body.path("revision").asLong(),
                    PipelineSteps.parse(body.get("steps")));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new RegistryClientException("Schema registry: GET /" + path + " returned a pipeline this client "
                    + "cannot read: " + e.getMessage(), response.statusCode(), 0, e);
        }
    }

    private HttpResponse<String> send(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(timeout)
                .header("Accept", accept)
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RegistryClientException("Schema registry unreachable at " + baseUrl + ": " + e, 0, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryClientException("Interrupted calling the schema registry", 0, 0, e);
        }
    }

    private static String typeOrJson(String type) {
        return type == null ? "JSON" : type;
    }

    private <T> T get(String path, Class<T> type) {
        HttpResponse<String> response = send(path, ACCEPT);
        try {
            if (response.statusCode() / 100 == 2) {
                return json.readValue(response.body(), type);
            }
            ErrorBody error = json.readValue(response.body(), ErrorBody.class);
            throw new RegistryClientException("Schema registry: GET /" + path + " -> " + response.statusCode()
                    + " " + error.message(), response.statusCode(),
                    error.error_code() == null ? 0 : error.error_code(), null);
        } catch (JacksonException e) {
            throw new RegistryClientException("Schema registry: GET /" + path + " -> " + response.statusCode()
                    + " with an unreadable body", response.statusCode(), 0, e);
        }
    }
}
