package io.inlet.lake.commit;

import io.inlet.lake.storage.ObjectStore;
import io.inlet.lake.table.TableFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a commit, after the commit log recorded the file: copy it from staging to its key, have the
 * table format show it ({@link TableFormat#register}), delete the staging object, mark it published. Every step is
 * idempotent and the order keeps "staging gone" meaning "at its key and registered", so the committer and the
 * janitor may both run it for the same file.
 */
public class FilePublisher {

    private static final Logger log = LoggerFactory.getLogger(FilePublisher.class);

    private final ObjectStore storage;
    private final TableFormat format;
    private final CommitLog commitLog;

    public FilePublisher(ObjectStore storage, TableFormat format, CommitLog commitLog) {
        this.storage = storage;
        this.format = format;
        this.commitLog = commitLog;
    }

    /**
     * @return whether the file is published now; false when neither its staging object nor its object exists
     * @throws RuntimeException when the store or the catalog failed (the janitor retries)
     */
    public boolean publish(CommittedFile committed) {
        return publish(committed, commitLog.replacedBy(committed));
    }

    /** Publishes a file the committer just wrote from events (it replaces no file). */
    public boolean publishNew(CommittedFile committed) {
        return publish(committed, List.of());
    }

    /**
     * @param replaced the files a compacted file replaces (see {@link CommitLog#commitCompaction}); empty for a file
     *                 of events
     */
    public boolean publish(CommittedFile committed, List<CommittedFile> replaced) {
        FileCommit file = committed.file();
        if (storage.exists(file.bucket(), file.stagingKey())) {
            storage.copy(file.bucket(), file.stagingKey(), file.objectKey());
        } else if (!storage.exists(file.bucket(), file.objectKey())) {
            log.error("Committed file {} is neither in staging nor at {}/{}: its objects were deleted outside Inlet",
                    committed.id(), file.bucket(), file.objectKey());
            return false;
        }
        if (replaced.isEmpty()) {
            format.register(committed);
        } else {
            format.replace(replaced, committed);
        }
        storage.delete(file.bucket(), file.stagingKey());
        commitLog.markPublished(committed.id());
        if (!replaced.isEmpty() && !format.keepsReplacedFiles()) {
            for (CommittedFile old : replaced) {
                deleteReplaced(committed.id(), old.id(), file.bucket(), old.file().objectKey());
            }
        }
        return true;
    }

    /** Whether replaced objects are deleted once their replacement is published (not for Iceberg). */
    public boolean deletesReplacedFiles() {
        return !format.keepsReplacedFiles();
    }

    /** Deletes a replaced object of a published compaction (the janitor finishes what a crash left). */
    public void deleteReplaced(long fileId, long replacedId, String bucket, String objectKey) {
        if (format.keepsReplacedFiles()) {
            return;
        }
        storage.delete(bucket, objectKey);
        commitLog.markReplacedDeleted(fileId, replacedId);
    }
}
