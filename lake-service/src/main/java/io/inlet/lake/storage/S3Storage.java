package io.inlet.lake.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The lake's object store: uploads (single PUT below the multipart threshold, multipart above, aborted on
 * failure), server-side copy, delete, exists and list. Retries with backoff are the SDK client's
 * ({@link S3ClientFactory}); a call that still fails throws.
 */
public class S3Storage implements ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(S3Storage.class);

    private final S3Client s3;
    private final long multipartThreshold;
    private final int partSize;

    public S3Storage(S3Client s3, long multipartThreshold, long partSize) {
        if (partSize < 5L * 1024 * 1024) {
            throw new IllegalArgumentException("S3 parts must be at least 5 MB, was " + partSize);
        }
        this.s3 = s3;
        this.multipartThreshold = multipartThreshold;
        this.partSize = (int) Math.min(partSize, Integer.MAX_VALUE - 64);
    }

    /** Uploads a local file; returns once S3 confirmed the object (durable). */
    @Override
    public void upload(String bucket, String key, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size < multipartThreshold) {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/vnd.apache.parquet"),
                    RequestBody.fromFile(file));
        } else {
            uploadInParts(bucket, key, file, size);
        }
    }

    private void uploadInParts(String bucket, String key, Path file, long size) {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)
                .contentType("application/vnd.apache.parquet")).uploadId();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            List<CompletedPart> parts = new ArrayList<>();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(partSize, size));
            int partNumber = 1;
            for (long offset = 0; offset < size; offset += partSize, partNumber++) {
                buffer.clear();
                buffer.limit((int) Math.min(partSize, size - offset));
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offset + buffer.position()) < 0) {
                        throw new IOException("unexpected end of " + file);
                    }
                }
                buffer.flip();
                int number = partNumber;
                String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromByteBuffer(buffer)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                log.warn("Could not abort multipart upload of {}/{} ({}); a bucket lifecycle rule should clean it",
                        bucket, key, abort.getMessage());
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    public void download(String bucket, String key, Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s3.getObject(r -> r.bucket(bucket).key(key), file);
    }

    /** Server-side copy (objects up to 5 GB). */
    @Override
    public void copy(String bucket, String from, String to) {
        s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
    }

    @Override
    public void delete(String bucket, String key) {
        s3.deleteObject(r -> r.bucket(bucket).key(key));
    }

    @Override
    public boolean exists(String bucket, String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            objects.add(new StoredObject(object.key(), object.size(), object.lastModified()));
        }
        return objects;
    }
}
