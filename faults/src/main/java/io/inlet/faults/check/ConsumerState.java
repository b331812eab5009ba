package io.inlet.faults.check;

/** A durable consumer on the private nats-server as JetStream reports it. */
public record ConsumerState(String stream, String consumer, long pending, long ackPending) {

    public boolean drained() {
        return pending == 0 && ackPending == 0;
    }

    @Override
    public String toString() {
        return stream + "/" + consumer + " pending " + pending + ", ack pending " + ackPending;
    }
}
