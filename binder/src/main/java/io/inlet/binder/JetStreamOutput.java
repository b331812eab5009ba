package io.inlet.binder;

import io.inlet.binder.outbound.JetStreamPublishingHandler;
import io.inlet.contracts.frame.FrameCompression;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A producer binding's publish path for code that already has bytes and headers in hand, e.g. a stage
 * that turns each input of a batch into outputs: it skips building a Spring {@code Message} per event,
 * the binding's channel and its interceptors, and the header mapping of a channel send, which together
 * cost more CPU per event than the work of a stage itself. Everything that makes a publish safe stays:
 * the binding's stream is ensured first, the de-duplication id is taken from the binding's
 * {@code message-id-header}, and inside a {@link PublishScope} the PubAck is tracked (outside one it is
 * awaited), so an input is acked only after its outputs are in JetStream.
 *
 * <p>Get one from {@link NatsOutputs#get(String)}; the binding must be declared, e.g. with
 * {@code spring.cloud.stream.output-bindings=inletEvents} and
 * {@code spring.cloud.stream.bindings.inletEvents.destination=inlet.events.>}.
 */
public final class JetStreamOutput {

    private final String bindingName;
    private final Supplier<JetStreamPublishingHandler> handler;
    private final LongSupplier maxPayload;

    JetStreamOutput(String bindingName, Supplier<JetStreamPublishingHandler> handler, LongSupplier maxPayload) {
        this.bindingName = bindingName;
        this.handler = handler;
        this.maxPayload = maxPayload;
    }

    /**
     * The largest message the connected server takes ({@code max_payload}, headers included).
     *
     * @throws io.inlet.binder.connection.NatsNotConnectedException while NATS cannot be reached
     */
    public long maxPayload() {
        return maxPayload.getAsLong();
    }

    /**
     * Publishes {@code payload} to {@code subject} with {@code headers} as NATS headers: each value as
     * text, line breaks as spaces (as on the channel path); {@code null} values are left out.
     *
     * @param subject a subject the binding's destination covers (its destination, or a subject under its
     *                {@code >} / {@code *} wildcard)
     * @throws IllegalArgumentException when the binding's destination does not cover {@code subject}, or a
     *                                  header name is not a valid NATS header name
     * @throws PublishFailedException   when JetStream did not take the message (inside a scope: later, from
     *                                  {@link PublishScope#awaitAcks()})
     */
    public void publish(String subject, byte[] payload, Map<String, ?> headers) {
        JetStreamPublishingHandler target = handler.get();
        if (!covers(target.destination(), subject)) {
            throw new IllegalArgumentException("Subject '" + subject + "' is not covered by the destination '"
                    + target.destination() + "' of binding '" + bindingName + "'");
        }
        target.publish(subject, NatsHeaderMapper.toNatsAsGiven(headers), payload);
    }

    /** How frames published through this output's binding are compressed ({@code frame-compression}). */
    public FrameCompression frameCompression() {
        return handler.get().frameCompression();
    }

    /** The binding this output publishes through. */
    public String bindingName() {
        return bindingName;
    }

    /** NATS subject matching: {@code *} matches one token, a final {@code >} one or more. */
    static boolean covers(String pattern, String subject) {
        if (pattern.equals(subject)) {
            return true;
        }
        int p = 0;
        int s = 0;
        while (p < pattern.length() && s < subject.length()) {
            int patternEnd = tokenEnd(pattern, p);
            int subjectEnd = tokenEnd(subject, s);
            String token = pattern.substring(p, patternEnd);
            if (token.equals(">")) {
                return patternEnd == pattern.length();
            }
            if (!token.equals("*") && !pattern.regionMatches(p, subject, s, Math.max(patternEnd - p, subjectEnd - s))) {
                return false;
            }
            p = patternEnd + 1;
            s = subjectEnd + 1;
        }
        return p >= pattern.length() && s >= subject.length();
    }

    private static int tokenEnd(String text, int from) {
        int dot = text.indexOf('.', from);
        return dot < 0 ? text.length() : dot;
    }
}
