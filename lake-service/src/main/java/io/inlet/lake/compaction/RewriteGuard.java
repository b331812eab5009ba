package io.inlet.lake.compaction;

import io.inlet.lake.buffer.Lake;
import java.util.Optional;

/**
 * Whether compaction may rewrite an event type's files of one lake now, asked before a partition is merged and again
 * inside the commit-log transaction that switches the files (under the event type's origin lock, so a decision and a
 * concurrent start of whatever the guard protects are ordered). A replay reading the error lake is such a thing: it
 * walks the error files by commit-log id up to the newest one at its start, so files replaced by a compacted one
 * (with a higher id) would be skipped.
 */
@FunctionalInterface
public interface RewriteGuard {

    /** Why the files may not be rewritten now, or empty when they may. */
    Optional<String> refusal(Lake lake, String eventType);

    static RewriteGuard none() {
        return (lake, eventType) -> Optional.empty();
    }
}
