package io.inlet.lake.commit;

import java.time.Instant;

/** A file recorded in the commit log, with its id and when it was committed. */
public record CommittedFile(long id, FileCommit file, Instant committedAt) {
}
