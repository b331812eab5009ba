package io.inlet.registry.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Request and response bodies exactly as Confluent's Schema Registry API documents them. */
final class ConfluentDtos {

    private ConfluentDtos() {
    }

    /** Body of register, lookup and compatibility checks; unknown Confluent fields (metadata, ruleSet) are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SchemaRequest(String schema, String schemaType, List<Object> references) {
    }

    record RegisterResponse(long id) {
    }

    record SchemaResponse(String subject, int version, long id, String schemaType, String schema) {
    }

    record SchemaByIdResponse(String schema, String schemaType) {
    }

    record SubjectVersionResponse(String subject, int version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CompatibilityResponse(@JsonProperty("is_compatible") boolean isCompatible, List<String> messages) {
    }

    /** Confluent's body, plus Inlet's optional {@code compatibilityPolicy} (LENIENT or STRICT). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConfigUpdateRequest(String compatibility, String compatibilityPolicy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConfigUpdateResponse(String compatibility, String compatibilityPolicy) {
    }

    /** {@code compatibilityPolicy} appears when one is stored for the scope (or, with defaultToGlobal, always). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConfigResponse(String compatibilityLevel, String compatibilityPolicy) {
    }

    record ErrorMessage(@JsonProperty("error_code") int errorCode, String message) {
    }
}
