package io.inlet.lake.buffer;

import io.inlet.lake.schema.TableSchema;
import java.util.List;

/**
 * A buffer that stopped taking events and is becoming a file.
 *
 * @param schema the columns of the file, those every row was converted for
 * @param reason why it was rolled: {@code rows}, {@code bytes}, {@code age}, {@code memory} or {@code shutdown}
 */
public record SealedBuffer(BufferKey key, TableSchema schema, List<BufferedEvent> events, long bytes,
                           int minSchemaVersion, int maxSchemaVersion, String reason) {
}
