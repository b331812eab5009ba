package io.inlet.lake.storage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where the lake's files live: buckets of objects addressed by key. Adapters: {@link S3Storage} (S3, MinIO,
 * S3Proxy) and {@link LocalFolderStore} (a folder per bucket, for a laptop or a test). A call that fails throws;
 * an upload that returned is durable.
 */
public interface ObjectStore {

    /** An object in a listing. */
    record StoredObject(String key, long size, Instant lastModified) {
    }

    /** Uploads a local file; returns once the object is durable. */
    void upload(String bucket, String key, Path file);

    /** Downloads an object into a local file (created or replaced). */
    void download(String bucket, String key, Path file);

    /** Copies an object inside its bucket. */
    void copy(String bucket, String from, String to);

    /** Deletes an object; deleting a missing one is not an error. */
    void delete(String bucket, String key);

    boolean exists(String bucket, String key);

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<StoredObject> list(String bucket, String prefix);
}
