package io.inlet.lake.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads committed lake files back, row by row, for the admin features that look inside them (replay, lineage): the
 * object is downloaded to a temporary file (Parquet reads its footer first, so it needs random access) and read
 * with Parquet's own record assembly, no Hadoop file system. Only the requested columns are decoded.
 */
public final class LakeFileReader {

    /** One row: its position in the file (0-based, in file order) and its columns. */
    public record Row(long position, Group columns) {
    }

    /** What a scan does with each row; returning {@code false} stops the scan. */
    @FunctionalInterface
    public interface RowVisitor {
        boolean visit(Row row);
    }

    private final S3Client s3;
    private final Path directory;

    public LakeFileReader(S3Client s3, Path directory) {
        this.s3 = s3;
        this.directory = directory;
    }

    /**
     * Visits the rows of {@code bucket/key} from position {@code from} on, decoding only the columns
     * {@code columns} keeps (all when it keeps every name).
     */
    public void scan(String bucket, String key, long from, Predicate<String> columns, RowVisitor visitor) {
        Path local = null;
        try {
            Files.createDirectories(directory);
            local = Files.createTempFile(directory, "read-", ".parquet");
            Files.delete(local);
            s3.getObject(r -> r.bucket(bucket).key(key), ResponseTransformer.toFile(local));
            read(local, from, columns, visitor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key, e);
        } finally {
            if (local != null) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException ignored) {
                    // a temporary file left behind is removed with the directory
                }
            }
        }
    }

    /** Visits the rows of a local Parquet file, as {@link #scan} does after the download. */
    public static void read(Path file, long from, Predicate<String> columns, RowVisitor visitor) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageType requested = new MessageType(schema.getName(), schema.getFields().stream()
                    .filter(field -> columns.test(field.getName())).toArray(Type[]::new));
            reader.setRequestedSchema(requested);
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(requested, schema);
            long position = 0;
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                long count = pages.getRowCount();
                if (position + count <= from) {
                    position += count;
                    continue;
                }
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(requested));
                for (long i = 0; i < count; i++, position++) {
                    Group group = records.read();
                    if (position >= from && !visitor.visit(new Row(position, group))) {
                        return;
                    }
                }
            }
        }
    }

    /** A column's string value, or null when the row has none. */
    public static String string(Group group, String column) {
        return has(group, column) ? group.getString(column, 0) : null;
    }

    public static Long int64(Group group, String column) {
        return has(group, column) ? group.getLong(column, 0) : null;
    }

    /** A TIMESTAMP(MICROS) column's value, or null. */
    public static java.time.Instant timestamp(Group group, String column) {
        Long micros = int64(group, column);
        return micros == null ? null : java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000);
    }

    public static boolean has(Group group, String column) {
        return group.getType().containsField(column) && group.getFieldRepetitionCount(column) > 0;
    }
}
