package io.inlet.binder.provisioning;

import java.util.Locale;

/** Turns subjects and group names into valid JetStream stream and consumer names. */
public final class NatsNames {

    private NatsNames() {
    }

    /** {@code inlet.raw.>} gives {@code INLET_RAW}; {@code orders.*.eu} gives {@code ORDERS_EU}. */
    public static String streamNameFor(String subject) {
        StringBuilder name = new StringBuilder();
        for (String token : subject.split("\\.")) {
            if (token.equals("*") || token.equals(">") || token.isEmpty()) {
                continue;
            }
            if (name.length() > 0) {
                name.append('_');
            }
            name.append(token);
        }
        return sanitize(name.toString()).toUpperCase(Locale.ROOT);
    }

    /** Durable consumer names may not contain {@code . * >}, whitespace or path separators. */
    public static String consumerNameFor(String group) {
        return sanitize(group);
    }

    private static String sanitize(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9_-]", "_");
        return cleaned.isEmpty() ? "_" : cleaned;
    }
}
