package io.inlet.lake.commit;

import io.inlet.lake.storage.S3Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes and cleans up after processes that died mid-protocol: publishes committed files still in staging,
 * and deletes staging objects no commit refers to (uploaded, then the process died before the commit). Every step
 * is idempotent, so several instances may run it.
 */
public class CommitJanitor {

    private static final Logger log = LoggerFactory.getLogger(CommitJanitor.class);

    private final CommitLog commitLog;
    private final S3Storage storage;
    private final List<String> buckets;
    private final Duration publishGrace;
    private final Duration orphanAge;

    public CommitJanitor(CommitLog commitLog, S3Storage storage, List<String> buckets, Duration publishGrace,
                         Duration orphanAge) {
        this.commitLog = commitLog;
        this.storage = storage;
        this.buckets = buckets;
        this.publishGrace = publishGrace;
        this.orphanAge = orphanAge;
    }

    public void run() {
        try {
            publishCommitted();
            deleteOrphans();
        } catch (RuntimeException e) {
            log.warn("Janitor run failed ({}); next run retries", FileCommitter.rootMessage(e));
        }
    }

    void publishCommitted() {
        for (CommitLog.Unpublished file : commitLog.unpublishedOlderThan(publishGrace)) {
            // Copy before delete, so "staging gone" implies "published object exists".
            if (storage.exists(file.bucket(), file.stagingKey())) {
                storage.copy(file.bucket(), file.stagingKey(), file.objectKey());
                storage.delete(file.bucket(), file.stagingKey());
                commitLog.markPublished(file.id());
                log.info("Published committed file {} to s3://{}/{}", file.id(), file.bucket(), file.objectKey());
            } else if (storage.exists(file.bucket(), file.objectKey())) {
                commitLog.markPublished(file.id());
            } else {
                log.error("Committed file {} is neither in staging nor at s3://{}/{}: its objects were deleted "
                        + "outside Inlet", file.id(), file.bucket(), file.objectKey());
            }
        }
    }

    void deleteOrphans() {
        Instant before = Instant.now().minus(orphanAge);
        for (String bucket : buckets) {
            for (S3Storage.StoredObject object : storage.list(bucket, FileCommitter.stagingPrefix())) {
                if (object.lastModified().isBefore(before) && commitLog.isAbandonedStagingKey(bucket, object.key())) {
                    storage.delete(bucket, object.key());
                    log.info("Deleted uncommitted staging object s3://{}/{}", bucket, object.key());
                }
            }
        }
    }
}
