package io.inlet.lake.security;

import io.inlet.security.BearerTokenFilter;
import io.inlet.security.ProblemAuthenticationHandlers;
import io.inlet.security.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Every read of the lake's API ({@code /api/lake/**}: tables, files, error payloads, lineage, replay progress)
 * needs the reader or admin token; every write (starting or cancelling a replay, a dry run) the admin token.
 * Health and the Prometheus scrape stay open, as on the other services; every other path needs a token too.
 */
@Configuration(proxyBeanMethods = false)
class LakeSecurityConfig {

    static final String CHALLENGE = "Bearer realm=\"inlet-lake\"";
    private static final String UNAUTHORIZED = "A valid bearer token (the lake's reader or admin token) is required";
    private static final String FORBIDDEN = "This operation requires the lake's admin token";

    private static final Logger log = LoggerFactory.getLogger(LakeSecurityConfig.class);

    @Bean
    SecurityFilterChain lakeSecurity(HttpSecurity http, LakeSecurityProperties properties) throws Exception {
        if (!properties.admin().hasToken()) {
            log.warn("No lake admin token configured (inlet.lake.security.admin.token, INLET_LAKE_ADMIN_TOKEN): "
                    + "replays and dry runs will be refused");
        }
        if (!properties.reader().hasToken() && !properties.admin().hasToken()) {
            log.warn("No lake reader or admin token configured (INLET_LAKE_READER_TOKEN): every read of the lake "
                    + "API will be refused");
        }
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(CHALLENGE, UNAUTHORIZED, FORBIDDEN);
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new BearerTokenFilter(properties.admin(), properties.reader(), problems),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/error")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/lake/**").hasAnyAuthority(Roles.READER, Roles.ADMIN)
                        .requestMatchers(HttpMethod.HEAD, "/api/lake/**").hasAnyAuthority(Roles.READER, Roles.ADMIN)
                        .requestMatchers("/api/lake/**").hasAuthority(Roles.ADMIN)
                        .anyRequest().hasAnyAuthority(Roles.READER, Roles.ADMIN));
        return http.build();
    }

    /** No users: the lake authenticates bearer tokens only (and Boot generates no default password). */
    @Bean
    UserDetailsService noLakeUsers() {
        return new InMemoryUserDetailsManager();
    }
}
