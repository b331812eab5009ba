package io.inlet.testsupport;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Names that isolate one test from another on shared infrastructure: a readable part from the hint plus a
 * random suffix, so tests never need to wipe a database, a NATS account or an S3 store.
 */
public final class UniqueNames {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX_LENGTH = 8;
    // Keeps every name well inside the 63-character limits of PostgreSQL identifiers and S3 buckets.
    private static final int MAX_HINT_LENGTH = 40;

    private UniqueNames() {
    }

    /** {@code [a-z][a-z0-9_]*}: a PostgreSQL schema or table name, or a single NATS subject token. */
    public static String lowerToken(String hint) {
        return readable(hint, '_') + "_" + randomSuffix();
    }

    /** {@code [A-Z][A-Z0-9_]*}: a JetStream stream (or consumer) name. */
    public static String streamName(String hint) {
        return lowerToken(hint).toUpperCase(Locale.ROOT);
    }

    /** {@code t.<hint>.<random>} in lower case: a subject prefix no other test publishes under. */
    public static String subjectPrefix(String hint) {
        return "t." + readable(hint, '_') + "." + randomSuffix();
    }

    /** {@code [a-z][a-z0-9-]*}, 3 to 63 characters: a valid S3 bucket name. */
    public static String bucketName(String hint) {
        return readable(hint, '-') + "-" + randomSuffix();
    }

    /** Lower-case letters and digits joined by {@code separator}, starting with a letter, never empty. */
    private static String readable(String hint, char separator) {
        String text = hint == null ? "" : hint.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (allowed) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != separator) {
                out.append(separator);
            }
        }
        if (out.length() == 0 || !Character.isLetter(out.charAt(0))) {
            out.insert(0, "t" + separator);
        }
        if (out.length() > MAX_HINT_LENGTH) {
            out.setLength(MAX_HINT_LENGTH);
        }
        while (out.charAt(out.length() - 1) == separator) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private static String randomSuffix() {
        char[] suffix = new char[SUFFIX_LENGTH];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length()));
        }
        return new String(suffix);
    }
}
