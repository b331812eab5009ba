package io.inlet.faults.lake;

import java.util.Map;

/**
 * The event ids of one table of the lake as read from its Parquet files.
 *
 * @param copies    per event id, how many rows hold it
 * @param arrivedAt per event id, epoch millis of the earliest published file that holds it (its mtime)
 * @param files     how many files were read
 */
public record LakeContents(Map<String, Integer> copies, Map<String, Long> arrivedAt, int files) {

    public static LakeContents empty() {
        return new LakeContents(Map.of(), Map.of(), 0);
    }
}
