package io.inlet.binder;

import io.inlet.contracts.Subjects;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameCompression;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.MessageIds;
import io.inlet.binder.tracing.FrameTracing;
import io.inlet.binder.tracing.TraceSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The one way a stage publishes its outputs: an {@link EventFrame} to {@code <family>.<eventType>}, as one JetStream
 * message, or as several when the encoded frame does not fit the server's {@code max_payload}. Splitting depends
 * only on the frame, and each message's {@code Nats-Msg-Id} is {@link MessageIds#of the base and the digest of the
 * ids of the events it holds}, so a redelivered input that yields the same frame publishes the same messages with
 * the same ids, and JetStream stores them once (within the stream's duplicate window). Splitting and the size limit
 * go by the plain encoding; each message is then {@linkplain FrameCodec#compressed compressed} when the binding's
 * {@code frame-compression} is {@code zstd} (the default), so compression never makes a frame too large.
 *
 * <p>Publishes join the thread's {@link PublishScope} like every publish of the binder: a stage's input is acked
 * only after JetStream confirmed all of its output messages; outside a scope each publish waits for its PubAck.
 * <p>With tracing on ({@link FrameTracing}) each message gets a producer span, a child of the current span, and its
 * context in the {@code traceparent} header; with tracing off a message has exactly the two headers above.
 *
 * Get one from {@link NatsOutputs#frames(String)}.
 */
public final class FramePublisher {

    /** The media type of a compressed frame message ({@code contentType} header): the format and its version. */
    public static final String CONTENT_TYPE = contentType(FrameCodec.FORMAT_VERSION);
    /** The media type of a plain frame message (a binding with {@code frame-compression: none}). */
    public static final String PLAIN_CONTENT_TYPE = contentType(FrameCodec.PLAIN_VERSION);
    /** What a message needs beside its frame: headers (the de-duplication id, the content type) and protocol. */
    static final int HEADROOM = 2048;

    private final JetStreamOutput output;
    private final FrameTracing tracing;

    FramePublisher(JetStreamOutput output) {
        this(output, FrameTracing.OFF);
    }

    FramePublisher(JetStreamOutput output, FrameTracing tracing) {
        this.output = output;
        this.tracing = tracing;
    }

    /**
     * One message published.
     *
     * @param events    how many events it holds: the parts of a frame hold its events in order
     * @param bytes     the message's size: the encoded frame, compressed when the binding compresses
     * @param messageId its {@code Nats-Msg-Id}
     */
    public record Part(int events, int bytes, String messageId) {
    }

    /**
     * Publishes {@code frame} to {@code family.of(frame.eventType())}.
     *
     * @param idBase where the frame comes from ({@link MessageIds#output}, {@link MessageIds#gateway}...): each
     *               message's id is {@code <idBase>:<digest of its events' ids>}
     * @return the messages published, in order; inside a {@link PublishScope} their PubAcks come from
     *         {@link PublishScope#awaitAcks()} in the same order
     * @throws FrameTooLargeException  when one event alone does not fit a message (nothing is published)
     * @throws PublishFailedException  when JetStream did not take a message, or NATS was never reached
     */
    public List<Part> publish(Subjects family, EventFrame frame, String idBase) {
        String subject = family.of(frame.eventType());
        int limit = maxFrameBytes();
        List<byte[]> encoded = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        split(frame, limit, encoded, counts);
        boolean compress = output.frameCompression() == FrameCompression.ZSTD;
        List<Part> parts = new ArrayList<>(encoded.size());
        int from = 0;
        for (int i = 0; i < encoded.size(); i++) {
            int to = from + counts.get(i);
            List<FramedEvent> events = frame.events().subList(from, to);
            String id = MessageIds.of(idBase, events);
            from = to;
            byte[] bytes = compress ? FrameCodec.compressed(encoded.get(i)) : encoded.get(i);
            String contentType = contentTypeOf(bytes);
            if (tracing.enabled()) {
                publishTraced(subject, frame, events, id, bytes, contentType);
            } else {
                output.publish(subject, bytes, Map.of(io.inlet.contracts.InletHeaders.NATS_MSG_ID, id,
                        io.inlet.contracts.InletHeaders.CONTENT_TYPE, contentType));
            }
            parts.add(new Part(counts.get(i), bytes.length, id));
        }
        return parts;
    }

    /** The {@code contentType} of a frame message: {@link #CONTENT_TYPE} when it is compressed, else the plain one. */
    public static String contentTypeOf(byte[] frame) {
        return frame[2] == FrameCodec.FORMAT_VERSION ? CONTENT_TYPE : PLAIN_CONTENT_TYPE;
    }

    private static String contentType(int version) {
        return "application/vnd.inlet.frame;v=" + version;
    }

    private void publishTraced(String subject, EventFrame frame, List<FramedEvent> events, String id, byte[] bytes,
                               String contentType) {
        Map<String, String> headers = new HashMap<>(8);
        headers.put(io.inlet.contracts.InletHeaders.NATS_MSG_ID, id);
        headers.put(io.inlet.contracts.InletHeaders.CONTENT_TYPE, contentType);
        try (TraceSpan span = tracing.publishing(subject, frame, events, id, bytes.length, headers)) {
            try {
                output.publish(subject, bytes, headers);
            } catch (RuntimeException e) {
                span.error(e);
                throw e;
            }
        }
    }

    /** The largest encoded frame one message carries: the server's {@code max_payload} minus {@value #HEADROOM}. */
    public int maxFrameBytes() {
        long maxPayload = output.maxPayload();
        if (maxPayload <= 0) {
            // jnats reports 0 until the server's INFO arrived: nothing can be published yet anyway.
            throw new PublishFailedException(output.bindingName(), "not connected to NATS yet (max_payload unknown)",
                    null);
        }
        return (int) Math.max(1024, Math.min(Integer.MAX_VALUE, maxPayload - HEADROOM));
    }

    /** The largest event payload that surely fits a frame of its own (for limits checked before publishing). */
    public int maxEventBytes() {
        return maxFrameBytes() - 4096;
    }

    /**
     * {@link #maxFrameBytes()} once the server's {@code max_payload} is known (the connection reached it once),
     * else empty.
     */
    public OptionalInt knownMaxFrameBytes() {
        return output.maxPayload() > 0 ? OptionalInt.of(maxFrameBytes()) : OptionalInt.empty();
    }

    /** {@link #maxEventBytes()} once the server's {@code max_payload} is known, else empty. */
    public OptionalInt knownMaxEventBytes() {
        return output.maxPayload() > 0 ? OptionalInt.of(maxEventBytes()) : OptionalInt.empty();
    }

    /**
     * Cuts the frame into runs of events whose encoding fits {@code limit}, greedily by the codec's upper-bound
     * estimate (so each run fits without a second try), keeping the order.
     */
    static void split(EventFrame frame, int limit, List<byte[]> encoded, List<Integer> counts) {
        if (FrameCodec.estimateSize(frame) <= limit) {
            encoded.add(FrameCodec.encode(frame));
            counts.add(frame.events().size());
            return;
        }
        int overhead = 64 + 3 * frame.eventType().name().length();
        List<FramedEvent> run = new ArrayList<>();
        int size = overhead;
        for (FramedEvent event : frame.events()) {
            int eventSize = FrameCodec.estimateSize(event);
            if (!run.isEmpty() && size + eventSize > limit) {
                add(frame, run, limit, encoded, counts);
                run = new ArrayList<>();
                size = overhead;
            }
            run.add(event);
            size += eventSize;
        }
        add(frame, run, limit, encoded, counts);
    }

    private static void add(EventFrame frame, List<FramedEvent> run, int limit, List<byte[]> encoded,
                            List<Integer> counts) {
        byte[] bytes = FrameCodec.encode(new EventFrame(frame.eventType(), frame.kind(), run,
                frame.pipelineRevision()));
        if (bytes.length > limit) {
            throw new FrameTooLargeException("event " + run.get(0).eventId() + " of " + frame.eventType()
                    + " needs " + bytes.length + " bytes encoded; a message carries at most " + limit);
        }
        encoded.add(bytes);
        counts.add(run.size());
    }
}
