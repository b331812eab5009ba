package io.inlet.lake.buffer;

import io.inlet.contracts.frame.Origin;

/**
 * An event waiting in a buffer, with the delivery to settle once its file is committed.
 *
 * @param origin where the event first entered JetStream: its exactly-once key
 * @param stream the lake's input stream the delivery came from (recorded with the file)
 */
public record BufferedEvent(LakeRow row, HeldDelivery delivery, Origin origin, String stream) {
}
