package io.inlet.lake.dryrun;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/lake/dry-runs} (admin token): tests a candidate schema against recent events of its type and
 * answers 200 with a {@link DryRunReport}; registers nothing. Errors are RFC 9457 problems: 400 for a request
 * that cannot run, 404 for an unregistered version, 429 when too many run at once, 503 when the registry did not
 * answer.
 */
@RestController
@RequestMapping("/api/lake/dry-runs")
class DryRunController {

    private final DryRun dryRun;

    DryRunController(DryRun dryRun) {
        this.dryRun = dryRun;
    }

    @PostMapping
    DryRunReport run(@RequestBody(required = false) DryRunRequest request) {
        return dryRun.run(request);
    }

    @ExceptionHandler(InvalidDryRunException.class)
    ProblemDetail invalid(InvalidDryRunException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid dry run", e.getMessage());
    }

    @ExceptionHandler(CandidateNotFoundException.class)
    ProblemDetail notFound(CandidateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown schema version", e.getMessage());
    }

    @ExceptionHandler(DryRunUnavailableException.class)
    ProblemDetail unavailable(DryRunUnavailableException e) {
        return problem(e.busy() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE,
                e.busy() ? "Too many dry runs" : "Schema registry unavailable", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
