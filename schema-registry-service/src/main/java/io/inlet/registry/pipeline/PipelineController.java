package io.inlet.registry.pipeline;

import io.inlet.contracts.EventType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /subjects/{subject}/pipeline}: the ordered steps the pipeline-service applies to valid events
 * of the subject. Not a Confluent endpoint, so errors are RFC 9457 problems. The revision is also the
 * {@code ETag}; {@code If-Match} on PUT/DELETE makes a change conditional on it.
 */
@RestController
@RequestMapping(path = "/subjects/{subject}/pipeline", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Pipeline", description = "Per-subject pipeline steps: rename, drop, derive, filter, sql")
class PipelineController {

    private final PipelineService pipelines;

    PipelineController(PipelineService pipelines) {
        this.pipelines = pipelines;
    }

    @GetMapping
    @Operation(summary = "The subject's pipeline steps and revision (revision 0, no steps, if none declared)")
    ResponseEntity<Map<String, Object>> get(@PathVariable String subject) {
        return response(pipelines.get(EventType.of(subject)));
    }

    @GetMapping("/revisions/{revision}")
    @Operation(summary = "Revision N of the subject's pipeline as it was declared (every revision is kept; 0: no steps)")
    ResponseEntity<Map<String, Object>> revision(@PathVariable String subject, @PathVariable long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("a pipeline revision is at least 0, was " + revision);
        }
        return response(pipelines.revision(EventType.of(subject), revision));
    }

    @PutMapping
    @Operation(summary = "Replace the subject's whole ordered list of steps: {\"steps\": [...]}")
    ResponseEntity<Map<String, Object>> put(@PathVariable String subject, @RequestBody JsonNode body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        JsonNode steps = body == null || !body.isObject() ? null : body.get("steps");
        return response(pipelines.replace(EventType.of(subject), steps, IfMatch.revision(ifMatch)));
    }

    @DeleteMapping
    @Operation(summary = "Remove every step of the subject's pipeline (a new revision with no steps)")
    ResponseEntity<Map<String, Object>> delete(@PathVariable String subject,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return response(pipelines.clear(EventType.of(subject), IfMatch.revision(ifMatch)));
    }

    private static ResponseEntity<Map<String, Object>> response(StoredPipeline pipeline) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", pipeline.subject());
        body.put("revision", pipeline.revision());
        body.put("steps", pipeline.steps());
        return ResponseEntity.ok().eTag("\"" + pipeline.revision() + "\"").body(body);
    }
}
