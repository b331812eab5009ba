package io.inlet.lake.lineage;

import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFormatException;
import io.inlet.contracts.frame.FramedEvent;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The events one gateway request sent, read back from the raw stream (which keeps 7 days): an ordered, ephemeral
 * consumer from the request's time on, up to {@code window} later or {@code maxMessages} messages, keeping the
 * events whose envelope names the request. Nothing else records which events a request carried.
 */
public class RequestEvents {

    /** An event of the request. */
    public record Sent(String eventType, String eventId, Instant receivedAt) {
    }

    /** The events found, and what was read: messages, the time window, and whether it was read to its end. */
    public record Found(List<Sent> events, String stream, Instant from, Instant to, long messages, boolean complete) {
    }

    private static final Duration WAIT = Duration.ofMillis(500);

    private final Supplier<Connection> nats;
    private final String stream;
    private final int maxMessages;

    public RequestEvents(Supplier<Connection> nats, String stream, int maxMessages) {
        this.nats = nats;
        this.stream = stream;
        this.maxMessages = maxMessages;
    }

    public Found find(String requestId, Instant from, Instant to) {
        List<Sent> events = new ArrayList<>();
        long read = 0;
        boolean complete = true;
        try {
            JetStream js = nats.get().jetStream();
            PushSubscribeOptions options = PushSubscribeOptions.builder().stream(stream).ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.ByStartTime)
                            .startTime(from.atZone(ZoneOffset.UTC)).build())
                    .build();
            JetStreamSubscription subscription = js.subscribe(null, options);
            try {
                while (true) {
                    Message message = subscription.nextMessage(WAIT);
                    if (message == null) {
                        break;
                    }
                    read++;
                    if (message.metaData().timestamp().toInstant().isAfter(to)) {
                        break;
                    }
                    collect(message.getData(), requestId, events);
                    if (message.metaData().pendingCount() == 0) {
                        break;
                    }
                    if (read >= maxMessages) {
                        complete = false;
                        break;
                    }
                }
            } finally {
                subscription.unsubscribe();
            }
        } catch (IOException | io.nats.client.JetStreamApiException e) {
            throw new LineageUnavailableException("cannot read " + stream + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LineageUnavailableException("interrupted while reading " + stream, e);
        }
        return new Found(events, stream, from, to, read, complete);
    }

    private static void collect(byte[] body, String requestId, List<Sent> into) {
        if (!FrameCodec.isFrame(body)) {
            return;
        }
        try {
            EventFrame frame = FrameCodec.decode(body);
            for (FramedEvent event : frame.events()) {
                if (requestId.equals(event.requestId())) {
                    into.add(new Sent(frame.eventType().name(), event.eventId(), event.receivedAt()));
                }
            }
        } catch (FrameFormatException e) {
            // not a frame a request could have sent
        }
    }
}
