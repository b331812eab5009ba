package io.inlet.faults.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The S3 folder as S3Proxy keeps it: a directory per bucket, an object key as its relative path. Published files are
 * under {@code <bucket>/<event type>/…/*.parquet}; files being written sit in {@code <bucket>/_staging/}.
 */
public record LakeFolder(Path root, String lakeBucket, String errorBucket) {

    public static final String STAGING = "_staging";

    public Path bucket(String bucket) {
        return root.resolve(bucket);
    }

    /**
     * Whether the data lake has a staging object right now: the lake is between uploading a file and publishing it
     * (an upload still under way is not an object yet).
     */
    public boolean lakeIsStaging() {
        Path staging = bucket(lakeBucket).resolve(STAGING);
        try (Stream<Path> files = Files.list(staging)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".parquet"));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every staging object of both buckets, relative to the folder. */
    public List<String> stagingObjects() {
        List<String> objects = new ArrayList<>();
        for (String bucket : List.of(lakeBucket, errorBucket)) {
            Path staging = bucket(bucket).resolve(STAGING);
            if (!Files.isDirectory(staging)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(staging)) {
                files.filter(Files::isRegularFile).forEach(file -> objects.add(root.relativize(file).toString()));
            } catch (NoSuchFileException e) {
                // deleted while listed: published or cleaned up meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return objects;
    }

    /** Published Parquet files of a bucket (every table), relative to the folder. */
    public List<String> publishedFiles(String bucket) {
        Path dir = bucket(bucket);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".parquet"))
                    .filter(file -> !dir.relativize(file).startsWith(STAGING))
                    .map(file -> root.relativize(file).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <folder>/<bucket>/<type>/**}{@code /*.parquet}, the glob DuckDB reads. */
    public String tableGlob(String bucket, String eventType) {
        return bucket(bucket).resolve(eventType) + "/**/*.parquet";
    }
}
