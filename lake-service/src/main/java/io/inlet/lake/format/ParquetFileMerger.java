package io.inlet.lake.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Merges Parquet files of one schema into one file (compaction): every row of every input, in input order, values
 * unchanged; the schema (field ids included) and the {@code inlet.*} key-value metadata of the first input.
 */
public final class ParquetFileMerger {

    private final CompressionCodecName codec;
    private final long rowGroupSize;

    public ParquetFileMerger(String compression, long rowGroupSize) {
        this.codec = CompressionCodecName.valueOf(compression.trim().toUpperCase(Locale.ROOT));
        this.rowGroupSize = rowGroupSize;
    }

    /** A file's schema as its footer says (with field ids, if it has them). */
    public static MessageType schemaOf(Path file) {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getFooter().getFileMetaData().getSchema();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the footer of " + file, e);
        }
    }

    /**
     * @return how many rows {@code output} holds
     * @throws IllegalArgumentException when the inputs' schemas differ
     */
    public long merge(List<Path> inputs, Path output) {
        MessageType schema;
        Map<String, String> metadata = new TreeMap<>();
        try (ParquetFileReader first = ParquetFileReader.open(new LocalInputFile(inputs.get(0)))) {
            schema = first.getFooter().getFileMetaData().getSchema();
            first.getFooter().getFileMetaData().getKeyValueMetaData().forEach((k, v) -> {
                if (k.startsWith("inlet.")) {
                    metadata.put(k, v);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + inputs.get(0), e);
        }
        long rows = 0;
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(output))
                .withConf(new PlainParquetConfiguration()).withType(schema)
                .withWriteMode(org.apache.parquet.hadoop.ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(codec).withRowGroupSize(rowGroupSize).withExtraMetaData(metadata).build()) {
            for (Path input : inputs) {
                if (!schemaOf(input).equals(schema)) {
                    throw new IllegalArgumentException(input + " has another schema than " + inputs.get(0));
                }
                try (ParquetReader<Group> reader = new GroupReader(new LocalInputFile(input)).build()) {
                    for (Group row = reader.read(); row != null; row = reader.read()) {
                        writer.write(row);
                        rows++;
                    }
                }
            }
        } catch (IOException e) {
            ParquetFileWriter.deleteQuietly(output);
            throw new UncheckedIOException("merging into " + output + " failed", e);
        } catch (RuntimeException e) {
            ParquetFileWriter.deleteQuietly(output);
            throw e;
        }
        return rows;
    }

    /** Counts a file's rows from its footer. */
    public static long rowCount(Path file) {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getRecordCount();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class GroupReader extends ParquetReader.Builder<Group> {
        GroupReader(LocalInputFile file) {
            super(file, new PlainParquetConfiguration());
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }
}
