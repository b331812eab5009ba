package io.inlet.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the configured admin and reader tokens
 * (constant-time comparison): the admin gets {@link Roles#ADMIN} and {@link Roles#READER}, the reader
 * {@link Roles#READER}. A wrong token is a 401 at once; requests without a bearer token pass through (to basic
 * auth, or to the authorization rules that refuse them).
 */
public class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final Credentials admin;
    private final Credentials reader;
    private final AuthenticationEntryPoint entryPoint;

    public BearerTokenFilter(Credentials admin, Credentials reader, AuthenticationEntryPoint entryPoint) {
        this.admin = admin;
        this.reader = reader;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(PREFIX.length()).trim();
        List<String> roles;
        if (matches(admin, token)) {
            roles = List.of(Roles.ADMIN, Roles.READER);
        } else if (matches(reader, token)) {
            roles = List.of(Roles.READER);
        } else {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("Invalid bearer token"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                roles.contains(Roles.ADMIN) ? "admin-token" : "reader-token", null,
                AuthorityUtils.createAuthorityList(roles)));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }

    private static boolean matches(Credentials credentials, String token) {
        return credentials != null && credentials.hasToken() && MessageDigest.isEqual(
                credentials.token().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}
