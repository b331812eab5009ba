package io.inlet.registry.api;

import io.inlet.contracts.InvalidEventTypeException;
import io.inlet.registry.RegistryException;
import io.inlet.registry.api.ConfluentDtos.ErrorMessage;
import io.inlet.registry.compat.IncompatibleSchemaException;
import io.inlet.registry.config.InvalidCompatibilityLevelException;
import io.inlet.registry.config.InvalidCompatibilityPolicyException;
import io.inlet.registry.config.SubjectConfigNotFoundException;
import io.inlet.registry.schema.InvalidSchemaException;
import io.inlet.registry.schema.InvalidVersionException;
import io.inlet.registry.schema.SchemaNotFoundException;
import io.inlet.registry.schema.SubjectNotFoundException;
import io.inlet.registry.schema.SubjectNotSoftDeletedException;
import io.inlet.registry.schema.SubjectSoftDeletedException;
import io.inlet.registry.schema.VersionNotFoundException;
import io.inlet.registry.schema.VersionNotSoftDeletedException;
import io.inlet.registry.schema.VersionSoftDeletedException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The one place where domain exceptions become HTTP: Confluent's {@code {error_code, message}}
 * body and codes, for the Confluent-compatible controllers of this package. Never a stack trace.
 */
@RestControllerAdvice(basePackageClasses = ConfluentErrorAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConfluentErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConfluentErrorAdvice.class);

    record Code(HttpStatus status, int errorCode) {
    }

    /** Exception → (HTTP status, Confluent error code). */
    static final Map<Class<? extends RuntimeException>, Code> CODES = Map.ofEntries(
            Map.entry(SubjectNotFoundException.class, new Code(HttpStatus.NOT_FOUND, 40401)),
            Map.entry(VersionNotFoundException.class, new Code(HttpStatus.NOT_FOUND, 40402)),
            Map.entry(SchemaNotFoundException.class, new Code(HttpStatus.NOT_FOUND, 40403)),
            Map.entry(SubjectSoftDeletedException.class, new Code(HttpStatus.NOT_FOUND, 40404)),
            Map.entry(SubjectNotSoftDeletedException.class, new Code(HttpStatus.NOT_FOUND, 40405)),
            Map.entry(VersionSoftDeletedException.class, new Code(HttpStatus.NOT_FOUND, 40406)),
            Map.entry(VersionNotSoftDeletedException.class, new Code(HttpStatus.NOT_FOUND, 40407)),
            Map.entry(SubjectConfigNotFoundException.class, new Code(HttpStatus.NOT_FOUND, 40408)),
            Map.entry(IncompatibleSchemaException.class, new Code(HttpStatus.CONFLICT, 409)),
            Map.entry(InvalidSchemaException.class, new Code(HttpStatus.UNPROCESSABLE_CONTENT, 42201)),
            Map.entry(InvalidVersionException.class, new Code(HttpStatus.UNPROCESSABLE_CONTENT, 42202)),
            Map.entry(InvalidCompatibilityLevelException.class, new Code(HttpStatus.UNPROCESSABLE_CONTENT, 42203)),
            Map.entry(InvalidCompatibilityPolicyException.class, new Code(HttpStatus.UNPROCESSABLE_CONTENT, 42203)),
            Map.entry(InvalidEventTypeException.class, new Code(HttpStatus.UNPROCESSABLE_CONTENT, 42208)));

    @ExceptionHandler({RegistryException.class, InvalidEventTypeException.class})
    ResponseEntity<ErrorMessage> domain(RuntimeException e) {
        Code code = CODES.get(e.getClass());
        if (code == null) {
            return internal(e);
        }
        return body(code.status(), code.errorCode(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorMessage> unreadable(HttpMessageNotReadableException e) {
        return body(HttpStatus.BAD_REQUEST, 400, "Malformed request body: expected a JSON object");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorMessage> badParameter(MethodArgumentTypeMismatchException e) {
        return body(HttpStatus.BAD_REQUEST, 400, "Invalid value for parameter '" + e.getName() + "'");
    }

    /** Framework errors (415, 405, missing parameter ...) keep their status, in Confluent's body. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorMessage> other(Exception e) {
        if (e instanceof ErrorResponse framework) {
            HttpStatusCode status = framework.getStatusCode();
            String detail = framework.getBody().getDetail();
            return body(status, status.value(), detail == null ? "Request rejected" : detail);
        }
        return internal(e);
    }

    private ResponseEntity<ErrorMessage> internal(Exception e) {
        log.error("Unexpected error serving a registry request", e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, 50001, "Error in the backend data store");
    }

    private static ResponseEntity<ErrorMessage> body(HttpStatusCode status, int code, String message) {
        return ResponseEntity.status(status).body(new ErrorMessage(code, message));
    }
}
