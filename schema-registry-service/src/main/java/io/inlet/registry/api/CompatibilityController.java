package io.inlet.registry.api;

import io.inlet.contracts.EventType;
import io.inlet.registry.api.ConfluentDtos.CompatibilityResponse;
import io.inlet.registry.api.ConfluentDtos.SchemaRequest;
import io.inlet.registry.compat.Incompatibility;
import io.inlet.registry.schema.SchemaService;
import io.inlet.registry.schema.VersionRef;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/compatibility",
        produces = {ConfluentMediaTypes.V1_JSON, ConfluentMediaTypes.JSON, MediaType.APPLICATION_JSON_VALUE})
@Tag(name = "Compatibility", description = "Test a schema against a subject without registering it")
class CompatibilityController {

    private final SchemaService schemas;

    CompatibilityController(SchemaService schemas) {
        this.schemas = schemas;
    }

    @PostMapping("/subjects/{subject}/versions/{version}")
    @Operation(summary = "Test a schema against one version (or 'latest') under the subject's level")
    CompatibilityResponse againstVersion(@PathVariable String subject, @PathVariable String version,
                                         @RequestBody SchemaRequest request,
                                         @RequestParam(defaultValue = "false") boolean verbose) {
        var type = SchemaRequests.type(request);
        return response(schemas.checkCompatibility(EventType.of(subject), type, request.schema(),
                VersionRef.parse(version)), verbose);
    }

    @PostMapping("/subjects/{subject}/versions")
    @Operation(summary = "Test a schema against the versions the subject's level asks for")
    CompatibilityResponse againstAll(@PathVariable String subject, @RequestBody SchemaRequest request,
                                     @RequestParam(defaultValue = "false") boolean verbose) {
        var type = SchemaRequests.type(request);
        return response(schemas.checkCompatibility(EventType.of(subject), type, request.schema(), null), verbose);
    }

    private static CompatibilityResponse response(List<Incompatibility> problems, boolean verbose) {
        return new CompatibilityResponse(problems.isEmpty(),
                verbose ? problems.stream().map(Incompatibility::describe).toList() : null);
    }
}
