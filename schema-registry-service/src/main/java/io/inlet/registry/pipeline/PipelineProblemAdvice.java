package io.inlet.registry.pipeline;

import io.inlet.contracts.InvalidEventTypeException;
import io.inlet.registry.schema.SubjectNotFoundException;
import io.inlet.transforms.InvalidPipelineException;
import io.inlet.transforms.StepProblem;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the pipeline endpoints as RFC 9457 problems. A refused pipeline lists every bad step in
 * {@code errors: [{index, field, reason}]} (a refused sql statement adds {@code line} and {@code column}); a
 * statement whose output is incompatible with the stored one's is a 409 listing {@code incompatibilities}; an unknown subject carries Confluent's code 40401 as
 * {@code error_code} so Confluent-minded clients recognise it.
 */
@RestControllerAdvice(basePackageClasses = PipelineProblemAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PipelineProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(PipelineProblemAdvice.class);

    @ExceptionHandler(InvalidPipelineException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidPipelineException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid pipeline", e.getMessage());
        List<Map<String, Object>> errors = e.problems().stream().map(PipelineProblemAdvice::error).toList();
        problem.setProperty("errors", errors);
        return body(problem);
    }

    @ExceptionHandler(IncompatibleOutputException.class)
    ResponseEntity<ProblemDetail> incompatibleOutput(IncompatibleOutputException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Incompatible statement output", e.getMessage());
        problem.setProperty("incompatibilities",
                e.incompatibilities().stream().map(i -> i.describe()).toList());
        return body(problem);
    }

    @ExceptionHandler(SubjectNotFoundException.class)
    ResponseEntity<ProblemDetail> subject(SubjectNotFoundException e) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "Subject not found",
                e.getMessage() + " Pipeline steps can only be declared for a subject with a registered schema.");
        problem.setProperty("error_code", 40401);
        return body(problem);
    }

    @ExceptionHandler(PipelineRevisionNotFoundException.class)
    ResponseEntity<ProblemDetail> revision(PipelineRevisionNotFoundException e) {
        return body(problem(HttpStatus.NOT_FOUND, "Pipeline revision not found", e.getMessage()));
    }

    @ExceptionHandler(InvalidEventTypeException.class)
    ResponseEntity<ProblemDetail> subjectName(InvalidEventTypeException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid subject", e.getMessage());
        problem.setProperty("error_code", 42208);
        return body(problem);
    }

    @ExceptionHandler(RevisionMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(RevisionMismatchException e) {
        return body(problem(HttpStatus.PRECONDITION_FAILED, "Revision mismatch", e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badArgument(IllegalArgumentException e) {
        return body(problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return body(problem(HttpStatus.BAD_REQUEST, "Malformed request body",
                "Expected a JSON object {\"steps\": [ ... ]}"));
    }

    /** Framework errors (415, 405 ...) keep their status. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> other(Exception e) {
        if (e instanceof ErrorResponse framework) {
            HttpStatusCode status = framework.getStatusCode();
            return body(problem(status, null, framework.getBody().getDetail()));
        }
        log.error("Unexpected error serving a pipeline request", e);
        return body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "Error in the backend data store"));
    }

    private static Map<String, Object> error(StepProblem p) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("index", p.index());
        error.put("field", p.field());
        error.put("reason", p.reason());
        if (p.line() != null) {
            error.put("line", p.line());
            error.put("column", p.column());
        }
        return error;
    }

    private static ProblemDetail problem(HttpStatusCode status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (title != null) {
            problem.setTitle(title);
        }
        problem.setType(URI.create("about:blank"));
        return problem;
    }

    private static ResponseEntity<ProblemDetail> body(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
