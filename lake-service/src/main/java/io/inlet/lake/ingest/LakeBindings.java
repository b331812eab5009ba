package io.inlet.lake.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * The lake's two consumer bindings and the settings its guarantees rest on, checked at start-up: batch mode,
 * manual acks (a message is acked only once the file holding it is committed) and an ack wait longer than the
 * buffer age limit (or JetStream redelivers what is still buffered).
 */
public final class LakeBindings {

    public static final String VALID = "lakeValid-in-0";
    public static final String ERRORS = "lakeErrors-in-0";
    private static final Duration BINDER_DEFAULT_ACK_WAIT = Duration.ofSeconds(30);

    private LakeBindings() {
    }

    /** @throws IllegalStateException naming every setting that breaks the lake's guarantees */
    public static void check(Environment environment, Duration bufferMaxAge) {
        List<String> problems = new ArrayList<>();
        for (String binding : List.of(VALID, ERRORS)) {
            String batchMode = setting(environment, "spring.cloud.stream.bindings." + binding + ".consumer.batch-mode",
                    "spring.cloud.stream.default.consumer.batch-mode", "false");
            if (!"true".equalsIgnoreCase(batchMode.trim())) {
                problems.add("spring.cloud.stream.bindings." + binding + ".consumer.batch-mode must be true");
            }
            String nats = "spring.cloud.stream.nats.bindings." + binding + ".consumer.";
            String ackMode = setting(environment, nats + "ack-mode",
                    "spring.cloud.stream.nats.default.consumer.ack-mode", "auto");
            if (!"manual".equals(ackMode.trim().toLowerCase(Locale.ROOT))) {
                problems.add(nats + "ack-mode must be manual (messages are acked once their file is committed)");
            }
            String ackWaitText = setting(environment, nats + "ack-wait",
                    "spring.cloud.stream.nats.default.consumer.ack-wait", null);
            Duration ackWait = ackWaitText == null || ackWaitText.isBlank() ? BINDER_DEFAULT_ACK_WAIT
                    : DurationStyle.detectAndParse(ackWaitText.trim());
            if (ackWait.compareTo(bufferMaxAge) <= 0) {
                problems.add(nats + "ack-wait (" + ackWait + ") must be longer than inlet.lake.buffer.max-age ("
                        + bufferMaxAge + "): messages are acked only after the file holding them is committed");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The lake's bindings are misconfigured: " + String.join("; ", problems));
        }
    }

    /** Binding names are not canonical property names (camel case), so these are looked up as written. */
    private static String setting(Environment environment, String name, String fallback, String orElse) {
        String value = environment.getProperty(name);
        return value != null ? value : environment.getProperty(fallback, orElse);
    }
}
