package io.inlet.lake.buffer;

/** An event waiting in a buffer, with the delivery to settle once its file is committed. */
public record BufferedEvent(LakeRow row, Delivery delivery, String stream) {

    public String eventId() {
        return row.eventId();
    }
}
