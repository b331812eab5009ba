package io.inlet.registry.api;

import io.inlet.contracts.EventType;
import io.inlet.registry.api.ConfluentDtos.RegisterResponse;
import io.inlet.registry.api.ConfluentDtos.SchemaRequest;
import io.inlet.registry.api.ConfluentDtos.SchemaResponse;
import io.inlet.registry.schema.RegisteredSchema;
import io.inlet.registry.schema.SchemaService;
import io.inlet.registry.schema.VersionRef;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/subjects",
        produces = {ConfluentMediaTypes.V1_JSON, ConfluentMediaTypes.JSON, MediaType.APPLICATION_JSON_VALUE})
@Tag(name = "Subjects", description = "Subjects (= Inlet event types) and their schema versions")
class SubjectController {

    private final SchemaService schemas;

    SubjectController(SchemaService schemas) {
        this.schemas = schemas;
    }

    @GetMapping
    @Operation(summary = "List subjects")
    List<String> subjects(@RequestParam(defaultValue = "false") boolean deleted) {
        return schemas.subjects(deleted);
    }

    @PostMapping("/{subject}/versions")
    @Operation(summary = "Register a schema under a subject; an identical schema returns its existing id")
    RegisterResponse register(@PathVariable String subject, @RequestBody SchemaRequest request) {
        var type = SchemaRequests.type(request);
        return new RegisterResponse(schemas.register(EventType.of(subject), type, request.schema()).id());
    }

    @PostMapping("/{subject}")
    @Operation(summary = "Look up the version of a subject that has this schema")
    SchemaResponse lookup(@PathVariable String subject, @RequestBody SchemaRequest request,
                          @RequestParam(defaultValue = "false") boolean deleted) {
        var type = SchemaRequests.type(request);
        return toResponse(schemas.lookup(EventType.of(subject), type, request.schema(), deleted));
    }

    @GetMapping("/{subject}/versions")
    @Operation(summary = "List the versions of a subject")
    List<Integer> versions(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean deleted) {
        return schemas.versions(EventType.of(subject), deleted);
    }

    @GetMapping("/{subject}/versions/{version}")
    @Operation(summary = "Get a version (a number, or 'latest') of a subject")
    SchemaResponse version(@PathVariable String subject, @PathVariable String version,
                           @RequestParam(defaultValue = "false") boolean deleted) {
        return toResponse(schemas.version(EventType.of(subject), VersionRef.parse(version), deleted));
    }

    @GetMapping(path = "/{subject}/versions/{version}/schema")
    @Operation(summary = "Get only the schema of a version, unescaped")
    String rawSchema(@PathVariable String subject, @PathVariable String version,
                     @RequestParam(defaultValue = "false") boolean deleted) {
        return schemas.version(EventType.of(subject), VersionRef.parse(version), deleted).schema();
    }

    @GetMapping("/{subject}/versions/{version}/referencedby")
    @Operation(summary = "Schemas referencing this version: always empty, references are not supported")
    List<Long> referencedBy(@PathVariable String subject, @PathVariable String version) {
        schemas.version(EventType.of(subject), VersionRef.parse(version), false);
        return List.of();
    }

    @DeleteMapping("/{subject}")
    @Operation(summary = "Soft-delete a subject; with permanent=true remove a soft-deleted one")
    List<Integer> deleteSubject(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean permanent) {
        return schemas.deleteSubject(EventType.of(subject), permanent);
    }

    @DeleteMapping("/{subject}/versions/{version}")
    @Operation(summary = "Soft-delete a version; with permanent=true remove a soft-deleted one")
    int deleteVersion(@PathVariable String subject, @PathVariable String version,
                      @RequestParam(defaultValue = "false") boolean permanent) {
        return schemas.deleteVersion(EventType.of(subject), VersionRef.parse(version), permanent);
    }

    static SchemaResponse toResponse(RegisteredSchema schema) {
        return new SchemaResponse(schema.subject(), schema.version(), schema.id(), schema.schemaType().name(),
                schema.schema());
    }
}
