package io.inlet.binder.properties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-binding consumer settings: {@code spring.cloud.stream.nats.bindings.<binding>.consumer.*}
 * (defaults under {@code spring.cloud.stream.nats.default.consumer.*}). A JavaBean because Spring
 * Cloud Stream binds and merges extended properties by bean binding.
 */
public class NatsConsumerProperties {

    private StreamProperties stream = new StreamProperties();
    /**
     * {@code auto}: the binder acks each delivery once the handler returned and its outputs are
     * confirmed. {@code manual}: the handler gets a {@code NatsAcknowledgment} header and acks
     * itself (e.g. after its data is durable elsewhere); failures are still nak'd or dead-lettered.
     */
    private AckMode ackMode = AckMode.AUTO;
    /** Durable consumer name; the binding's group (made a valid name) when empty. */
    private String durableName;
    /** How long JetStream waits for an ack before it redelivers. */
    private Duration ackWait = Duration.ofSeconds(30);
    /** Deliveries before a failing message goes to the dead-letter subject; 0 or less: never, retry forever. */
    private int maxDeliver = 5;
    /** Delays before redelivery after a failure, by attempt; the last one repeats. */
    private List<Duration> backoff = new ArrayList<>(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30)));
    /** Unacknowledged messages JetStream hands out to this consumer across all instances. */
    private int maxAckPending = 10_000;
    /** Messages pulled per request; in batch mode, the largest batch handed to the handler. */
    private int fetchSize = 256;
    /** How long one pull request waits for messages. */
    private Duration fetchTimeout = Duration.ofMillis(500);
    /** Subject that dead letters go to; {@code dlq.<durable>} when empty. */
    private String deadLetterSubject;
    /** Whether to create a stream for the dead-letter subject when none covers it. */
    private boolean provisionDeadLetterStream = true;
    /** A handler running longer than this tells JetStream it is still working ({@code +WPI}). */
    private Duration inProgressInterval = Duration.ofSeconds(10);
    /** How long a stopping binding waits for in-flight work to finish. */
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    /** Upper bound on the output publishes a handler may have awaiting their PubAcks. */
    private int maxPublishesInFlight = 4096;
    /**
     * How long fetches may come back empty before the binding asks JetStream whether its consumer has messages
     * waiting for delivery; if it has (pending above zero while fewer than its max-ack-pending are unacknowledged),
     * the binding's subscription has gone deaf: it resubscribes, logs a warning and reports STALLED in health until
     * messages arrive again. Zero turns the check off.
     */
    private Duration stallTimeout = Duration.ofSeconds(10);
    /** While fetches stay empty beyond {@code stall-timeout}, how often the consumer is checked again. */
    private Duration stallCheckInterval = Duration.ofSeconds(5);

    public enum AckMode { AUTO, MANUAL }

    public AckMode getAckMode() {
        return ackMode;
    }

    public void setAckMode(AckMode ackMode) {
        this.ackMode = ackMode;
    }

    public StreamProperties getStream() {
        return stream;
    }

    public void setStream(StreamProperties stream) {
        this.stream = stream;
    }

    public String getDurableName() {
        return durableName;
    }

    public void setDurableName(String durableName) {
        this.durableName = durableName;
    }

    public Duration getAckWait() {
        return ackWait;
    }

    public void setAckWait(Duration ackWait) {
        this.ackWait = ackWait;
    }

    public int getMaxDeliver() {
        return maxDeliver;
    }

    public void setMaxDeliver(int maxDeliver) {
        this.maxDeliver = maxDeliver;
    }

    public List<Duration> getBackoff() {
        return backoff;
    }

    public void setBackoff(List<Duration> backoff) {
        this.backoff = backoff;
    }

    public int getMaxAckPending() {
        return maxAckPending;
    }

    public void setMaxAckPending(int maxAckPending) {
        this.maxAckPending = maxAckPending;
    }

    public int getFetchSize() {
        return fetchSize;
    }

    public void setFetchSize(int fetchSize) {
        this.fetchSize = fetchSize;
    }

    public Duration getFetchTimeout() {
        return fetchTimeout;
    }

    public void setFetchTimeout(Duration fetchTimeout) {
        this.fetchTimeout = fetchTimeout;
    }

    public String getDeadLetterSubject() {
        return deadLetterSubject;
    }

    public void setDeadLetterSubject(String deadLetterSubject) {
        this.deadLetterSubject = deadLetterSubject;
    }

    public boolean isProvisionDeadLetterStream() {
        return provisionDeadLetterStream;
    }

    public void setProvisionDeadLetterStream(boolean provisionDeadLetterStream) {
        this.provisionDeadLetterStream = provisionDeadLetterStream;
    }

    public Duration getInProgressInterval() {
        return inProgressInterval;
    }

    public void setInProgressInterval(Duration inProgressInterval) {
        this.inProgressInterval = inProgressInterval;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public int getMaxPublishesInFlight() {
        return maxPublishesInFlight;
    }

    public void setMaxPublishesInFlight(int maxPublishesInFlight) {
        this.maxPublishesInFlight = maxPublishesInFlight;
    }

    public Duration getStallTimeout() {
        return stallTimeout;
    }

    public void setStallTimeout(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    public Duration getStallCheckInterval() {
        return stallCheckInterval;
    }

    public void setStallCheckInterval(Duration stallCheckInterval) {
        this.stallCheckInterval = stallCheckInterval;
    }

    /** The redelivery delay after the given delivery attempt failed. */
    public Duration backoffAfter(long deliveredCount) {
        if (backoff.isEmpty()) {
            return Duration.ZERO;
        }
        int index = (int) Math.min(Math.max(deliveredCount - 1, 0), backoff.size() - 1);
        return backoff.get(index);
    }
}
