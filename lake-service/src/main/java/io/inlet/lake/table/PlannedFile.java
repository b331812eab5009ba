package io.inlet.lake.table;

import org.apache.parquet.schema.MessageType;

/**
 * A file about to be written: its key in the bucket and the Parquet schema to write it with (the table's columns
 * by name and order; for Iceberg with the table's field ids).
 */
public record PlannedFile(String objectKey, MessageType fileSchema) {
}
