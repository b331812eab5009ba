package io.inlet.gateway.it;

import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.testsupport.Infrastructure;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back what the gateway stored in INLET_RAW, one subject at a time, straight from JetStream: the messages,
 * and the frames they are (a message that is no frame fails the test).
 */
final class RawStream implements AutoCloseable {

    static final String STREAM = "INLET_RAW";
    private static final int NO_MESSAGE_FOUND = 10037;

    private final Connection connection = Infrastructure.nats().connect();

    /** Every message stored on the subject, in stream order. */
    List<MessageInfo> messages(String subject) {
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            List<MessageInfo> messages = new ArrayList<>();
            long next = 1;
            while (true) {
                MessageInfo message;
                try {
                    message = jsm.getNextMessage(STREAM, next, subject);
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                        return messages;
                    }
                    throw e;
                }
                messages.add(message);
                next = message.getSeq() + 1;
            }
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Cannot read " + subject + " from " + STREAM, e);
        }
    }

    /** The frames stored on the subject, decoded, in stream order. */
    List<EventFrame> frames(String subject) {
        return messages(subject).stream().map(message -> FrameCodec.decode(message.getData())).toList();
    }

    /** Every event of every frame stored on the subject, in stream order. */
    List<FramedEvent> events(String subject) {
        return frames(subject).stream().flatMap(frame -> frame.events().stream()).toList();
    }

    /** The ids of {@link #events}. */
    List<String> eventIds(String subject) {
        return events(subject).stream().map(FramedEvent::eventId).toList();
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
