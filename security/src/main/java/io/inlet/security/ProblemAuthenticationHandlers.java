package io.inlet.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 (with a {@code WWW-Authenticate} challenge) and 403 as RFC 9457 problems; never a stack trace, never the
 * credential that was sent.
 */
public class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String challenge;
    private final String unauthorized;
    private final String forbidden;

    /**
     * @param challenge    the {@code WWW-Authenticate} value of a 401
     * @param unauthorized the detail of a 401 (what credential is missing)
     * @param forbidden    the detail of a 403 (what the operation requires)
     */
    public ProblemAuthenticationHandlers(String challenge, String unauthorized, String forbidden) {
        this.challenge = challenge;
        this.unauthorized = unauthorized;
        this.forbidden = forbidden;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", challenge);
        write(request, response, HttpStatus.UNAUTHORIZED, unauthorized);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, forbidden);
    }

    /** Writes an RFC 9457 problem with the given status and detail. */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                             String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
