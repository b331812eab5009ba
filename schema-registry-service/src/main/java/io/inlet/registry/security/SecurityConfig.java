package io.inlet.registry.security;

import io.inlet.security.BearerTokenFilter;
import io.inlet.security.Credentials;
import io.inlet.security.Roles;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Writes (register, config changes, deletes) need the admin credential; reads are open unless
 * {@code inlet.registry.security.reads-open=false}. OpenAPI, Swagger UI and health stay open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String ROLE_ADMIN = Roles.ADMIN;
    static final String ROLE_READER = Roles.READER;

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    SecurityFilterChain registrySecurity(HttpSecurity http, RegistrySecurityProperties properties) throws Exception {
        if (!properties.admin().configured()) {
            log.warn("No admin credential configured (inlet.registry.security.admin.*): all writes will be refused");
        }
        AuthenticationErrorHandlers problems = new AuthenticationErrorHandlers();
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new BearerTokenFilter(properties.admin(), properties.reader(), problems), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                            "/actuator/health", "/actuator/health/**", "/error").permitAll();
                    auth.requestMatchers(HttpMethod.POST, "/subjects/*/versions").hasAuthority(ROLE_ADMIN);
                    auth.requestMatchers(HttpMethod.PUT, "/**").hasAuthority(ROLE_ADMIN);
                    auth.requestMatchers(HttpMethod.DELETE, "/**").hasAuthority(ROLE_ADMIN);
                    if (properties.readsOpen()) {
                        auth.anyRequest().permitAll();
                    } else {
                        auth.anyRequest().hasAnyAuthority(ROLE_READER, ROLE_ADMIN);
                    }
                });
        return http.build();
    }

    /** Basic-auth users from configuration; replaces Boot's generated default user. */
    @Bean
    UserDetailsService registryUsers(RegistrySecurityProperties properties) {
        List<UserDetails> users = new ArrayList<>();
        if (properties.admin().hasBasic()) {
            users.add(user(properties.admin(), ROLE_ADMIN, ROLE_READER));
        }
        if (properties.reader().hasBasic()) {
            users.add(user(properties.reader(), ROLE_READER));
        }
        return new InMemoryUserDetailsManager(users);
    }

    private static UserDetails user(Credentials credentials, String... authorities) {
        return User.withUsername(credentials.username())
                .password("{noop}" + credentials.password())
                .authorities(authorities)
                .build();
    }
}
