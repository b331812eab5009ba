package io.inlet.testsupport;

import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Frames in tests: publishing one as a stage would, and reading what a stage published. */
public final class Frames {

    private Frames() {
    }

    /** Publishes {@code frame} to {@code subject} and waits for the PubAck; {@code messageId} may be null. */
    public static PublishAck publish(Connection connection, String subject, EventFrame frame, String messageId) {
        Headers headers = new Headers();
        if (messageId != null) {
            headers.put("Nats-Msg-Id", messageId);
        }
        try {
            return connection.jetStream().publish(subject, headers, FrameCodec.encode(frame));
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot publish a frame to " + subject, e);
        }
    }

    /** Every event of every frame among {@code messages}, in order (a message that is no frame fails the test). */
    public static List<FramedEvent> events(List<Message> messages) {
        List<FramedEvent> events = new ArrayList<>();
        for (Message message : messages) {
            events.addAll(FrameCodec.decode(message.getData()).events());
        }
        return events;
    }

    /** The frames among {@code messages}, decoded. */
    public static List<EventFrame> frames(List<Message> messages) {
        return messages.stream().map(m -> FrameCodec.decode(m.getData())).toList();
    }

    /** A plain event for tests: {@code source} nats, no schema, no key. */
    public static FramedEvent event(String id, Instant receivedAt, byte[] json) {
        return new FramedEvent(id, receivedAt, "nats", null, null, null, null, Map.of(), null, null, json);
    }
}
