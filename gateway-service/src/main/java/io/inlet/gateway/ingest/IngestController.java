package io.inlet.gateway.ingest;

import io.inlet.contracts.EventType;
import io.inlet.gateway.RequestIds;
import io.inlet.gateway.apikeys.ApiKey;
import io.inlet.gateway.apikeys.ApiKeyAuthentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/events/{eventType}} and {@code POST /v1/events} (CloudEvents). The body is read
 * by {@link IngestService} from the raw stream, so limits hold before anything big is buffered.
 */
@RestController
@RequestMapping("/v1/events")
@Tag(name = "Events", description = "Send events; 202 means every event of the request is stored in JetStream")
@SecurityRequirement(name = "apiKey")
class IngestController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String SCHEMA_VERSION = "Inlet-Schema-Version";
    static final String VALIDATE = "validate";
    private static final String VALIDATE_DESCRIPTION = "true: the 202 also lists, per event, what the pipeline's "
            + "schema applier will decide (outcome passed/failed/unchecked, schema version, stage, reason and every "
            + "violation with JSON pointer, keyword and message), checked now against the pinned version, else the "
            + "latest. Informational: events are published and routed exactly as without it.";

    private final IngestService service;
    private final Clock clock = Clock.systemUTC();

    IngestController(IngestService service) {
        this.service = service;
    }

    @PostMapping("/{eventType}")
    @Operation(summary = "Send events of one type",
            description = "Body: one JSON object, a JSON array of objects, NDJSON (application/x-ndjson), a "
                    + "structured CloudEvent or batch (application/cloudevents+json, "
                    + "application/cloudevents-batch+json), or a binary-mode CloudEvent (ce-* headers). The path's "
                    + "event type wins over a CloudEvent's type. Event ids: the event's 'id', the CloudEvent id, "
                    + "Idempotency-Key (single event; '<key>-<index>' in a batch), else a new UUIDv7. Retrying with "
                    + "the same ids stores each event once.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/json", schema = @Schema(type = "object")),
                    @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")),
                    @Content(mediaType = "application/cloudevents+json", schema = @Schema(type = "object")),
                    @Content(mediaType = "application/cloudevents-batch+json", schema = @Schema(type = "array"))}),
            parameters = {
                    @Parameter(in = ParameterIn.HEADER, name = IDEMPOTENCY_KEY, description = "Id of a single event"),
                    @Parameter(in = ParameterIn.HEADER, name = SCHEMA_VERSION,
                            description = "Pin the events to this schema version"),
                    @Parameter(in = ParameterIn.HEADER, name = RequestIds.HEADER,
                            description = "Your request id (echoed, stored with each event)"),
                    @Parameter(in = ParameterIn.QUERY, name = VALIDATE, description = VALIDATE_DESCRIPTION,
                            schema = @Schema(type = "boolean", defaultValue = "false"))})
    @ApiResponse(responseCode = "202", description = "Every event is stored in JetStream")
    @ApiResponse(responseCode = "400", description = "Malformed body, bad event type name, depth or string limit, "
            + "validate neither true nor false",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "401", description = "Missing or invalid API key",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "The API key is not scoped to the event type",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "The event type is not registered",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "Body, event or batch too large",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "415", description = "Unsupported content type, charset or encoding",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "429", description = "Too many events in flight; retry after Retry-After",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "JetStream did not confirm; nothing accepted, retry",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<IngestResult> ingest(@PathVariable String eventType,
            @Parameter(hidden = true) @RequestAttribute(ApiKeyAuthentication.API_KEY) ApiKey apiKey,
            HttpServletRequest request) throws IOException {
        return accepted(service.ingest(request(EventType.of(eventType), apiKey, request)));
    }

    @PostMapping
    @Operation(summary = "Send CloudEvents of any types",
            description = "Structured (application/cloudevents+json), batch (application/cloudevents-batch+json) "
                    + "or binary mode (ce-* headers); each CloudEvent's type is its event type.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/cloudevents+json", schema = @Schema(type = "object")),
                    @Content(mediaType = "application/cloudevents-batch+json", schema = @Schema(type = "array"))}),
            parameters = @Parameter(in = ParameterIn.QUERY, name = VALIDATE, description = VALIDATE_DESCRIPTION,
                    schema = @Schema(type = "boolean", defaultValue = "false")))
    @ApiResponse(responseCode = "202", description = "Every event is stored in JetStream")
    ResponseEntity<IngestResult> ingestCloudEvents(
            @Parameter(hidden = true) @RequestAttribute(ApiKeyAuthentication.API_KEY) ApiKey apiKey,
            HttpServletRequest request) throws IOException {
        return accepted(service.ingest(request(null, apiKey, request)));
    }

    private IngestRequest request(EventType pathType, ApiKey apiKey, HttpServletRequest request) throws IOException {
        return new IngestRequest(pathType, apiKey, request.getContentType(),
                request.getHeader(HttpHeaders.CONTENT_ENCODING), request.getContentLengthLong(),
                request.getInputStream(), cloudEventHeaders(request), request.getHeader(IDEMPOTENCY_KEY),
                request.getHeader(SCHEMA_VERSION), RequestIds.of(request), clock.instant(), validateParameter(request));
    }

    /** From the query string only: a form body is never read as parameters (it is refused with 415 anyway). */
    private static String validateParameter(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (name.equals(VALIDATE)) {
                return equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static Map<String, String> cloudEventHeaders(HttpServletRequest request) {
        Map<String, String> attributes = null;
        Enumeration<String> names = request.getHeaderNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (name.length() > 3 && name.regionMatches(true, 0, "ce-", 0, 3)) {
                if (attributes == null) {
                    attributes = new LinkedHashMap<>();
                }
                attributes.putIfAbsent(name.substring(3).toLowerCase(Locale.ROOT), request.getHeader(name));
            }
        }
        return attributes == null ? Collections.emptyMap() : attributes;
    }

    private static ResponseEntity<IngestResult> accepted(IngestResult result) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(result);
    }
}
