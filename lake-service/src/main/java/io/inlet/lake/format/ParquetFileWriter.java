package io.inlet.lake.format;

import io.inlet.lake.schema.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter.Mode;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes records to a local Parquet file with parquet-java, without a Hadoop FileSystem: a
 * {@link LocalOutputFile} and a {@link PlainParquetConfiguration}. The file is uploaded by the caller. ZSTD pages
 * are compressed on native contexts the writer reuses ({@link ReusedZstdContexts}); {@link #close()} frees them.
 */
public final class ParquetFileWriter implements AutoCloseable {

    private final CompressionCodecName codec;
    private final long rowGroupSize;
    private final Path directory;
    private final ReusedZstdContexts zstd = new ReusedZstdContexts();

    public ParquetFileWriter(String compression, long rowGroupSize, Path directory) {
        this.codec = CompressionCodecName.valueOf(compression.trim().toUpperCase(java.util.Locale.ROOT));
        this.rowGroupSize = rowGroupSize;
        this.directory = directory;
    }

    /** Writes JSON records into a new temporary file and returns it; the caller deletes it. */
    public Path write(TableSchema schema, Iterator<ObjectNode> records, Map<String, String> keyValueMetadata) {
        return writeRows(schema, new Iterator<ParquetRecord>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public ParquetRecord next() {
                ObjectNode record = records.next();
                return (consumer, columns) -> JsonRecordWriter.write(consumer, columns.root(), record);
            }
        }, keyValueMetadata);
    }

    /** Writes all records into a new temporary file and returns it; the caller deletes it. */
    public Path writeRows(TableSchema schema, Iterator<? extends ParquetRecord> records,
                          Map<String, String> keyValueMetadata) {
        return writeRows(schema, schema.messageType(), records, keyValueMetadata);
    }

    /**
     * Writes all records into a new temporary file and returns it; the caller deletes it.
     *
     * @param fileSchema {@code schema}'s Parquet schema as the table format wants it in the file: the same fields
     *                   in the same order, possibly with field ids (Iceberg)
     */
    public Path writeRows(TableSchema schema, MessageType fileSchema, Iterator<? extends ParquetRecord> records,
                          Map<String, String> keyValueMetadata) {
        Path file;
        try {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, "inlet-lake-", ".parquet");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file in " + directory, e);
        }
        PlainParquetConfiguration configuration = new PlainParquetConfiguration();
        try (ParquetWriter<ParquetRecord> writer = new Builder(new LocalOutputFile(file), schema, fileSchema)
                .withConf(configuration)
                .withCodecFactory(zstd.forOneFile(new CodecFactory(configuration, ParquetProperties.DEFAULT_PAGE_SIZE)))
                .withWriteMode(Mode.OVERWRITE)
                .withCompressionCodec(codec)
                .withRowGroupSize(rowGroupSize)
                // Event ids are unique per row: a dictionary for them only grows until it falls back to plain.
                .withDictionaryEncoding(TableSchema.EVENT_ID, false)
                .withExtraMetaData(keyValueMetadata)
                .build()) {
            while (records.hasNext()) {
                writer.write(records.next());
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException("writing " + file + " failed", (IOException) e);
        }
        return file;
    }

    /** ZSTD contexts waiting for the next file (for tests). */
    int idleZstdContexts() {
        return zstd.idleContexts();
    }

    /** Frees the native ZSTD contexts; a file being written keeps its own until it is closed. */
    @Override
    public void close() {
        zstd.close();
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file is harmless.
        }
    }

    private static final class Builder extends ParquetWriter.Builder<ParquetRecord, Builder> {
        private final TableSchema schema;
        private final MessageType fileSchema;

        Builder(OutputFile file, TableSchema schema, MessageType fileSchema) {
            super(file);
            this.schema = schema;
            this.fileSchema = fileSchema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ParquetRecord> getWriteSupport(Configuration conf) {
            return new JsonWriteSupport(schema, fileSchema);
        }

        @Override
        protected WriteSupport<ParquetRecord> getWriteSupport(ParquetConfiguration conf) {
            return new JsonWriteSupport(schema, fileSchema);
        }
    }

    /** Our WriteSupport: rows write themselves straight into Parquet columns (no Avro or example Group in between). */
    private static final class JsonWriteSupport extends WriteSupport<ParquetRecord> {
        private final TableSchema schema;
        private final MessageType fileSchema;
        private RecordConsumer consumer;

        JsonWriteSupport(TableSchema schema, MessageType fileSchema) {
            this.schema = schema;
            this.fileSchema = fileSchema;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(fileSchema, Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(fileSchema, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(ParquetRecord record) {
            record.writeTo(consumer, schema);
        }

        @Override
        public String getName() {
            return "inlet-json";
        }
    }
}
