package io.inlet.security;

/**
 * A credential of an Inlet HTTP service: a bearer token, a basic-auth user and password, or both. Secrets are
 * kept out of {@link #toString()} and so out of logs.
 */
public record Credentials(String token, String username, String password) {

    public static Credentials ofToken(String token) {
        return new Credentials(token, null, null);
    }

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }

    public boolean hasBasic() {
        return username != null && !username.isBlank() && password != null && !password.isEmpty();
    }

    public boolean configured() {
        return hasToken() || hasBasic();
    }

    @Override
    public String toString() {
        return "Credentials[token=" + (hasToken() ? "****" : "none") + ", username=" + username
                + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
