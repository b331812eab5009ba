package io.inlet.gateway.apikeys;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Authentication before any body is read: {@code /v1/events/**} needs an API key (the verified
 * {@link ApiKey} is left in the request attribute {@link #API_KEY}); {@code /v1/admin/**} needs the
 * admin token. Failures are exceptions, turned into problems by the one advice.
 */
@Configuration(proxyBeanMethods = false)
public class ApiKeyAuthentication implements WebMvcConfigurer {

    /** Request attribute holding the authenticated {@link ApiKey}. */
    public static final String API_KEY = "io.inlet.gateway.apikeys.ApiKeyAuthentication.apiKey";

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthentication.class);

    private final ApiKeyService keys;
    private final ApiKeyProperties properties;

    ApiKeyAuthentication(ApiKeyService keys, ApiKeyProperties properties) {
        this.keys = keys;
        this.properties = properties;
        if (!properties.adminConfigured()) {
            log.warn("No admin token configured (inlet.gateway.auth.admin-token): the API key admin API refuses all calls");
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                request.setAttribute(API_KEY, keys.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION)));
                return true;
            }
        }).addPathPatterns("/v1/events", "/v1/events/**");
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                checkAdmin(request.getHeader(HttpHeaders.AUTHORIZATION));
                return true;
            }
        }).addPathPatterns("/v1/admin/**");
    }

    private void checkAdmin(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new AuthenticationFailedException("missing-credentials",
                    "The admin API needs 'Authorization: Bearer <admin token>'");
        }
        String value = authorization.strip();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthenticationFailedException("unsupported-credentials",
                    "The admin API needs 'Authorization: Bearer <admin token>'");
        }
        if (!properties.adminConfigured()) {
            throw new AdminAccessDeniedException("The admin API is disabled: no admin token is configured");
        }
        byte[] presented = value.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, properties.adminToken().getBytes(StandardCharsets.UTF_8))) {
            throw new AdminAccessDeniedException("This credential may not use the admin API");
        }
    }
}
