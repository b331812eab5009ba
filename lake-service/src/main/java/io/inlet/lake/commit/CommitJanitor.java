package io.inlet.lake.commit;

import io.inlet.lake.storage.ObjectStore;
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
    private final ObjectStore storage;
    private final FilePublisher publisher;
    private final List<String> buckets;
    private final Duration publishGrace;
    private final Duration orphanAge;

    public CommitJanitor(CommitLog commitLog, ObjectStore storage, FilePublisher publisher, List<String> buckets,
                         Duration publishGrace, Duration orphanAge) {
        this.commitLog = commitLog;
        this.storage = storage;
        this.publisher = publisher;
        this.buckets = buckets;
        this.publishGrace = publishGrace;
        this.orphanAge = orphanAge;
    }

    public void run() {
        try {
            publishCommitted();
            deleteReplaced();
            deleteOrphans();
        } catch (RuntimeException e) {
            log.warn("Janitor run failed ({}); next run retries", FileCommitter.rootMessage(e));
        }
    }

    void publishCommitted() {
        for (CommittedFile file : commitLog.unpublishedOlderThan(publishGrace)) {
            if (publisher.publish(file)) {
                log.info("Published committed file {} to {}/{}", file.id(), file.file().bucket(),
                        file.file().objectKey());
            }
        }
    }

    /** Objects compactions replaced, left by a process that died after publishing the replacement. */
    void deleteReplaced() {
        if (!publisher.deletesReplacedFiles()) {
            return;
        }
        for (CommitLog.ReplacedObject object : commitLog.undeletedReplacedObjects()) {
            publisher.deleteReplaced(object.fileId(), object.replacedId(), object.bucket(), object.objectKey());
        }
    }

    void deleteOrphans() {
        Instant before = Instant.now().minus(orphanAge);
        for (String bucket : buckets) {
            for (ObjectStore.StoredObject object : storage.list(bucket, FileCommitter.stagingPrefix())) {
                if (object.lastModified().isBefore(before) && commitLog.isAbandonedStagingKey(bucket, object.key())) {
                    storage.delete(bucket, object.key());
                    log.info("Deleted uncommitted staging object s3://{}/{}", bucket, object.key());
                }
            }
        }
    }
}
