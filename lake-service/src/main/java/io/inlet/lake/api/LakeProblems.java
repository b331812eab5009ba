package io.inlet.lake.api;

import io.inlet.contracts.InvalidEventTypeException;
import io.inlet.lake.dryrun.CandidateNotFoundException;
import io.inlet.lake.dryrun.DryRunUnavailableException;
import io.inlet.lake.dryrun.InvalidDryRunException;
import io.inlet.lake.lineage.LineageUnavailableException;
import io.inlet.lake.replay.InvalidReplayException;
import io.inlet.lake.replay.ReplayNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one mapping of the lake API's exceptions to RFC 9457 problems: status, title and the exception's message as
 * the detail (never a stack trace). The domain exceptions know nothing of HTTP; this table is where they meet it.
 */
@RestControllerAdvice(basePackages = "io.inlet.lake")
class LakeProblems {

    @ExceptionHandler({IllegalArgumentException.class, InvalidEventTypeException.class})
    ProblemDetail badRequest(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e);
    }

    @ExceptionHandler(InvalidDryRunException.class)
    ProblemDetail invalidDryRun(InvalidDryRunException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid dry run", e);
    }

    @ExceptionHandler(CandidateNotFoundException.class)
    ProblemDetail unknownCandidate(CandidateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown schema version", e);
    }

    @ExceptionHandler(DryRunUnavailableException.class)
    ProblemDetail dryRunUnavailable(DryRunUnavailableException e) {
        return e.busy() ? problem(HttpStatus.TOO_MANY_REQUESTS, "Too many dry runs", e)
                : problem(HttpStatus.SERVICE_UNAVAILABLE, "Schema registry unavailable", e);
    }

    @ExceptionHandler(InvalidReplayException.class)
    ProblemDetail invalidReplay(InvalidReplayException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid replay", e);
    }

    @ExceptionHandler(ReplayNotFoundException.class)
    ProblemDetail unknownReplay(ReplayNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "No such replay", e);
    }

    @ExceptionHandler(LineageUnavailableException.class)
    ProblemDetail lineageUnavailable(LineageUnavailableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Lineage unavailable", e);
    }

    private static ProblemDetail problem(HttpStatus status, String title, RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(title);
        return problem;
    }
}
