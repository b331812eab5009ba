package io.inlet.faults.load;

import java.util.List;

/**
 * What the load did.
 *
 * @param answers    every attempt, in no particular order
 * @param acceptedAt per batch, epoch millis of its 202, or 0 when it never got one
 * @param startedAt  epoch millis of the first due send
 * @param endedAt    epoch millis of the last answer
 */
public record LoadResult(List<Answer> answers, long[] acceptedAt, long startedAt, long endedAt) {

    public long acceptedBatches() {
        long accepted = 0;
        for (long at : acceptedAt) {
            if (at > 0) {
                accepted++;
            }
        }
        return accepted;
    }
}
