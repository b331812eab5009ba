package io.inlet.gateway.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The shape of API keys: {@code inlet_<id>_<secret>}, the id 16 characters of {@code [a-z2-7]}
 * (80 random bits), the secret 43 characters of base64url (256 random bits). Only SHA-256 of the
 * secret is stored: with this much entropy a slow password hash adds nothing, and lookups stay cheap.
 */
final class ApiKeySecrets {

    static final String PREFIX = "inlet_";
    static final int ID_LENGTH = 16;
    static final int SECRET_LENGTH = 43;
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    /** A key as presented by a client, split into id and secret. */
    record PresentedKey(String id, String secret) {
        @Override
        public String toString() {
            return "PresentedKey[id=" + id + ", secret=****]";
        }
    }

    record NewKey(String id, String secret, String key) {
        @Override
        public String toString() {
            return "NewKey[id=" + id + ", secret=****]";
        }
    }

    static NewKey generate() {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        return new NewKey(id.toString(), secret, PREFIX + id + "_" + secret);
    }

    /** The id and secret of a presented key, or {@code null} if it does not have the shape of a key. */
    static PresentedKey parse(String key) {
        if (key == null || key.length() != PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH || !key.startsWith(PREFIX)
                || key.charAt(PREFIX.length() + ID_LENGTH) != '_') {
            return null;
        }
        String id = key.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
        String secret = key.substring(PREFIX.length() + ID_LENGTH + 1);
        for (int i = 0; i < id.length(); i++) {
            if (ID_ALPHABET.indexOf(id.charAt(i)) < 0) {
                return null;
            }
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64url) {
                return null;
            }
        }
        return new PresentedKey(id, secret);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Constant-time comparison of a presented secret with a stored hash. */
    static boolean matches(String secret, byte[] storedHash) {
        return MessageDigest.isEqual(hash(secret), storedHash);
    }
}
