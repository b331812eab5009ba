package io.inlet.lake.format;

import io.inlet.lake.schema.TableSchema;
import org.apache.parquet.io.api.RecordConsumer;

/** Something that writes itself as one Parquet record of a file with the given columns. */
public interface ParquetRecord {

    void writeTo(RecordConsumer consumer, TableSchema schema);
}
