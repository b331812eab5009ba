package io.inlet.registry.api;

import io.inlet.registry.api.ConfluentDtos.SchemaByIdResponse;
import io.inlet.registry.api.ConfluentDtos.SubjectVersionResponse;
import io.inlet.registry.schema.SchemaNotFoundException;
import io.inlet.registry.schema.SchemaService;
import io.inlet.registry.schema.SchemaType;
import io.inlet.registry.schema.StoredSchema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/schemas",
        produces = {ConfluentMediaTypes.V1_JSON, ConfluentMediaTypes.JSON, MediaType.APPLICATION_JSON_VALUE})
@Tag(name = "Schemas", description = "Schemas by global id")
class SchemaController {

    private final SchemaService schemas;

    SchemaController(SchemaService schemas) {
        this.schemas = schemas;
    }

    @GetMapping("/ids/{id}")
    @Operation(summary = "Get a schema by its global id")
    SchemaByIdResponse byId(@PathVariable String id) {
        StoredSchema schema = schemas.schemaById(parseId(id));
        return new SchemaByIdResponse(schema.schema(), schema.schemaType().name());
    }

    @GetMapping("/ids/{id}/schema")
    @Operation(summary = "Get only the schema with this id, unescaped")
    String rawById(@PathVariable String id) {
        return schemas.schemaById(parseId(id)).schema();
    }

    @GetMapping("/ids/{id}/versions")
    @Operation(summary = "The subject versions that use a schema")
    List<SubjectVersionResponse> versions(@PathVariable String id, @RequestParam(defaultValue = "false") boolean deleted) {
        return schemas.subjectVersionsOf(parseId(id), deleted).stream()
                .map(sv -> new SubjectVersionResponse(sv.subject(), sv.version()))
                .toList();
    }

    @GetMapping("/types")
    @Operation(summary = "The schema types this registry accepts")
    List<String> types() {
        return Arrays.stream(SchemaType.values()).map(Enum::name).toList();
    }

    private static long parseId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // not an id: no such schema
        }
        throw new SchemaNotFoundException();
    }
}
