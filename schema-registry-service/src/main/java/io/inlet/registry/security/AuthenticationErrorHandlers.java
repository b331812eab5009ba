package io.inlet.registry.security;

import io.inlet.security.ProblemAuthenticationHandlers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403, with a challenge naming both accepted schemes. On the Confluent endpoints the body
 * is Confluent's {@code {"error_code": 40101|40301, "message": …}}, which Confluent clients show;
 * elsewhere (pipeline steps, actuator, …) the RFC 9457 problem of {@link ProblemAuthenticationHandlers}.
 */
class AuthenticationErrorHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String CHALLENGE = "Bearer realm=\"inlet-registry\", Basic realm=\"inlet-registry\"";
    static final String CONFLUENT_MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

    /** The Confluent REST API's resources; Inlet's own {@code /subjects/{s}/pipeline} is not one of them. */
    private static final Pattern CONFLUENT_PATHS =
            Pattern.compile("^/(subjects|schemas|config|compatibility|mode|contexts)(/.*)?$");
    private static final Pattern INLET_PATHS = Pattern.compile("^/subjects/[^/]+/pipeline(/.*)?$");

    private static final String UNAUTHORIZED = "A valid credential (bearer token or basic auth) is required";
    private static final String FORBIDDEN = "This operation requires the admin credential";

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", CHALLENGE);
        write(request, response, HttpStatus.UNAUTHORIZED, 40101, UNAUTHORIZED);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, 40301, FORBIDDEN);
    }

    static boolean confluentEndpoint(String path) {
        return CONFLUENT_PATHS.matcher(path).matches() && !INLET_PATHS.matcher(path).matches();
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, int errorCode,
                       String message) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!confluentEndpoint(path)) {
            ProblemAuthenticationHandlers.write(request, response, status, message);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", errorCode);
        body.put("message", message);
        response.setContentType(CONFLUENT_MEDIA_TYPE);
        response.setStatus(status.value());
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }
}
