package io.inlet.gateway.it;

import io.inlet.testsupport.Infrastructure;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads back what the gateway stored in INLET_RAW, one subject at a time, straight from JetStream. */
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

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
