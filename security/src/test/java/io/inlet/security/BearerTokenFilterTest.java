package io.inlet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

class BearerTokenFilterTest {

    private final ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(
            "Bearer realm=\"test\"", "token required", "admin required");
    private final BearerTokenFilter filter = new BearerTokenFilter(Credentials.ofToken("admin-secret"),
            Credentials.ofToken("reader-secret"), problems);

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void adminTokenGetsBothRoles() throws Exception {
        assertThat(rolesAfter("Bearer admin-secret")).containsExactly(Roles.ADMIN, Roles.READER);
    }

    @Test
    void readerTokenGetsTheReaderRoleOnly() throws Exception {
        assertThat(rolesAfter("bearer reader-secret")).containsExactly(Roles.READER);
    }

    @Test
    void requestWithoutBearerTokenPassesUnauthenticated() throws Exception {
        assertThat(rolesAfter(null)).isNull();
        assertThat(rolesAfter("Basic dXNlcjpwdw==")).isNull();
    }

    @Test
    void wrongTokenIsA401ProblemThatDoesNotEchoTheToken() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/lake/tables");
        request.addHeader("Authorization", "Bearer reader-secretX");
        MockHttpServletResponse response = new MockHttpServletResponse();
        List<Boolean> passed = new ArrayList<>();
        filter.doFilter(request, response, (req, res) -> passed.add(true));
        assertThat(passed).isEmpty();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"test\"");
        assertThat(response.getContentAsString()).contains("\"status\":401", "\"detail\":\"token required\"",
                "\"instance\":\"/api/lake/tables\"").doesNotContain("reader-secret");
    }

    @Test
    void unconfiguredTokensMatchNothing() throws Exception {
        BearerTokenFilter none = new BearerTokenFilter(Credentials.ofToken(""), new Credentials(null, null, null),
                problems);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
        request.addHeader("Authorization", "Bearer ");
        MockHttpServletResponse response = new MockHttpServletResponse();
        none.doFilter(request, response, (req, res) -> { });
        assertThat(response.getStatus()).isEqualTo(401);
    }

    @Test
    void credentialsNeverShowTheirSecrets() {
        assertThat(new Credentials("t0ken", "user", "pw").toString()).doesNotContain("t0ken", "pw]")
                .contains("****");
    }

    private List<String> rolesAfter(String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/lake/tables");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        List<List<String>> seen = new ArrayList<>();
        filter.doFilter(request, response, (req, res) -> {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            seen.add(auth == null ? null : auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
        });
        assertThat(seen).hasSize(1);
        return seen.get(0);
    }
}
