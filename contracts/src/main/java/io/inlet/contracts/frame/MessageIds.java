package io.inlet.contracts.frame;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The {@code Nats-Msg-Id}s of frames, defined once. A frame message's id is {@code <base>:<digest>}: the base says
 * where the frame comes from (the stage, its input's stream incarnation and sequence, the output's kind), the
 * digest is that of the ids of the events it holds. A redelivered input that yields the same events yields the
 * same ids, and JetStream stores the frame once; a different split or outcome yields another id, never a collision
 * that would drop events (the lake's commit log then drops what it already holds, by {@link Origin}).
 */
public final class MessageIds {

    private MessageIds() {
    }

    /** The gateway's frames: a retried request with the same event ids gives the same ids. */
    public static String gateway(String eventType) {
        return "gw:" + eventType;
    }

    /**
     * A stage's output made from one input message.
     *
     * @param stage       {@code consumer} or {@code pipeline}
     * @param incarnation the input's stream incarnation ({@code <stream>@<created>})
     * @param sequence    the input's stream sequence
     * @param kind        {@code events}, {@code valid}, {@code errors} or {@code filtered}
     */
    public static String output(String stage, String incarnation, long sequence, String kind) {
        return stage + ":" + incarnation + ":" + sequence + ":" + kind;
    }

    /** A stage's output gathered from several input messages (their events' ids make the digest). */
    public static String gathered(String stage, String incarnation, String eventType, String kind) {
        return stage + ":" + incarnation + ":" + eventType + ":" + kind;
    }

    /** {@code <base>:<digest of the events' ids>}: 128 bits of SHA-256, base64url. */
    public static String of(String base, List<FramedEvent> events) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        for (FramedEvent event : events) {
            sha.update(event.eventId().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        byte[] digest = sha.digest();
        return base + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    }
}
