package io.inlet.gateway.problem;

import io.inlet.contracts.InvalidEventTypeException;
import io.inlet.gateway.GatewayException;
import io.inlet.gateway.RequestIds;
import io.inlet.gateway.apikeys.AdminAccessDeniedException;
import io.inlet.gateway.apikeys.ApiKeyNotFoundException;
import io.inlet.gateway.apikeys.AuthenticationFailedException;
import io.inlet.gateway.apikeys.EventTypeNotAllowedException;
import io.inlet.gateway.apikeys.InvalidApiKeyRequestException;
import io.inlet.gateway.eventtypes.UnknownEventTypeException;
import io.inlet.gateway.ingest.GatewaySaturatedException;
import io.inlet.gateway.ingest.IngestMetrics;
import io.inlet.gateway.ingest.InvalidEventsException;
import io.inlet.gateway.ingest.LimitExceededException;
import io.inlet.gateway.ingest.PublishUnavailableException;
import io.inlet.gateway.ingest.UnsupportedBodyException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem ({@code application/problem+json}): the one place where domain
 * exceptions get their HTTP status. Each problem has a {@code type} of {@code urn:inlet:problem:<reason>},
 * the {@code reason}, the {@code requestId} and the exception's own properties (limit and value, event
 * index, line and column...). Never a stack trace. Every refusal is counted by reason.
 */
@RestControllerAdvice
class GatewayProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayProblemAdvice.class);
    private static final String TYPE_PREFIX = "urn:inlet:problem:";

    /** Domain exception → status; the first matching class wins. */
    private static final Map<Class<? extends GatewayException>, HttpStatus> STATUS = Map.ofEntries(
            Map.entry(InvalidEventsException.class, HttpStatus.BAD_REQUEST),
            Map.entry(InvalidApiKeyRequestException.class, HttpStatus.BAD_REQUEST),
            Map.entry(AuthenticationFailedException.class, HttpStatus.UNAUTHORIZED),
            Map.entry(AdminAccessDeniedException.class, HttpStatus.FORBIDDEN),
            Map.entry(EventTypeNotAllowedException.class, HttpStatus.FORBIDDEN),
            Map.entry(ApiKeyNotFoundException.class, HttpStatus.NOT_FOUND),
            Map.entry(UnknownEventTypeException.class, HttpStatus.NOT_FOUND),
            Map.entry(UnsupportedBodyException.class, HttpStatus.UNSUPPORTED_MEDIA_TYPE),
            Map.entry(GatewaySaturatedException.class, HttpStatus.TOO_MANY_REQUESTS),
            Map.entry(PublishUnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE));

    private final IngestMetrics metrics;

    GatewayProblemAdvice(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    static HttpStatus statusOf(GatewayException e) {
        if (e instanceof LimitExceededException limit) {
            return limit.limit().isSize() ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
        }
        HttpStatus status = STATUS.get(e.getClass());
        if (status == null) {
            status = STATUS.entrySet().stream().filter(entry -> entry.getKey().isInstance(e)).map(Map.Entry::getValue)
                    .findFirst().orElse(HttpStatus.INTERNAL_SERVER_ERROR);
        }
        return status;
    }

    @ExceptionHandler(GatewayException.class)
    ResponseEntity<ProblemDetail> gateway(GatewayException e, HttpServletRequest request) {
        HttpStatus status = statusOf(e);
        ProblemDetail problem = problem(status, e.reason(), e.getMessage(), request);
        e.properties().forEach(problem::setProperty);
        HttpHeaders headers = new HttpHeaders();
        if (e instanceof AuthenticationFailedException) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"inlet\""
                    + (e.reason().equals("missing-credentials") ? "" : ", error=\"invalid_token\""));
        } else if (e instanceof GatewaySaturatedException saturated) {
            headers.set(HttpHeaders.RETRY_AFTER, seconds(saturated.retryAfter()));
        } else if (e instanceof PublishUnavailableException unavailable) {
            headers.set(HttpHeaders.RETRY_AFTER, seconds(unavailable.retryAfter()));
        }
        metrics.rejected(e.reason());
        return ResponseEntity.status(status).headers(headers).body(problem);
    }

    @ExceptionHandler(InvalidEventTypeException.class)
    ResponseEntity<ProblemDetail> invalidEventType(InvalidEventTypeException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-event-type", e.getMessage(), request);
        metrics.rejected("invalid-event-type");
        return ResponseEntity.badRequest().body(problem);
    }

    /** The last resort: still a problem, never a stack trace. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "An unexpected error occurred; quote the requestId when reporting it", request);
        metrics.rejected("internal-error");
        return ResponseEntity.internalServerError().body(problem);
    }

    /** Framework errors (405, 404 no route, unreadable admin JSON, validation...) in the same shape. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            String reason = reasonOf(ex, statusCode);
            problem.setType(URI.create(TYPE_PREFIX + reason));
            problem.setProperty("reason", reason);
            HttpServletRequest servlet = request instanceof NativeWebRequest nativeRequest
                    ? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
            if (servlet != null) {
                problem.setInstance(URI.create(servlet.getRequestURI()));
                problem.setProperty("requestId", RequestIds.of(servlet));
            }
            metrics.rejected(reason);
        }
        return response;
    }

    private static String reasonOf(Exception ex, HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String phrase = known == null ? "http-" + status.value() : known.name();
        return phrase.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static ProblemDetail problem(HttpStatus status, String reason, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + reason));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("reason", reason);
        problem.setProperty("requestId", RequestIds.of(request));
        return problem;
    }

    private static String seconds(Duration duration) {
        return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
    }
}
