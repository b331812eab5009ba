package io.inlet.lake.commit;

import io.inlet.contracts.frame.Origin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of origin keys per origin stream, as sorted, disjoint, non-adjacent half-open ranges of
 * {@link Origin#key()}s: what the commit log records per file ({@code lake_file_origin.ranges}, an
 * {@code int8multirange}). Built from events by merging their {@code [key(), endKey())} intervals, so the events
 * of consecutive raw messages make one range however many each held; a range never reaches a key of an event that
 * exists but is not in the set (an {@code endKey()} stops at the next message's first key).
 */
public final class OriginRanges {

    private static final OriginRanges NONE = new OriginRanges(Map.of());

    /** Per origin stream: lower bounds and upper bounds (exclusive), sorted, disjoint and non-adjacent. */
    private final Map<String, long[][]> ranges;

    private OriginRanges(Map<String, long[][]> ranges) {
        this.ranges = ranges;
    }

    public static OriginRanges none() {
        return NONE;
    }

    /** The ranges the events of these origins stand for. */
    public static OriginRanges of(Collection<Origin> origins) {
        Map<String, List<long[]>> intervals = new TreeMap<>();
        for (Origin origin : origins) {
            intervals.computeIfAbsent(origin.stream(), s -> new ArrayList<>())
                    .add(new long[] {origin.key(), origin.endKey()});
        }
        Map<String, long[][]> merged = new TreeMap<>();
        intervals.forEach((stream, list) -> merged.put(stream, merge(list)));
        return new OriginRanges(Collections.unmodifiableMap(merged));
    }

    /** Ranges as read from the log: one (stream, lower, upper) per range, in any order, maybe overlapping. */
    static OriginRanges ofRanges(List<String> streams, List<Long> lowers, List<Long> uppers) {
        Map<String, List<long[]>> intervals = new TreeMap<>();
        for (int i = 0; i < streams.size(); i++) {
            intervals.computeIfAbsent(streams.get(i), s -> new ArrayList<>())
                    .add(new long[] {lowers.get(i), uppers.get(i)});
        }
        Map<String, long[][]> merged = new TreeMap<>();
        intervals.forEach((stream, list) -> merged.put(stream, merge(list)));
        return new OriginRanges(Collections.unmodifiableMap(merged));
    }

    private static long[][] merge(List<long[]> intervals) {
        intervals.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> out = new ArrayList<>();
        long[] current = null;
        for (long[] interval : intervals) {
            if (current != null && interval[0] <= current[1]) {
                current[1] = Math.max(current[1], interval[1]);
            } else {
                current = interval.clone();
                out.add(current);
            }
        }
        long[][] result = new long[2][out.size()];
        for (int i = 0; i < out.size(); i++) {
            result[0][i] = out.get(i)[0];
            result[1][i] = out.get(i)[1];
        }
        return result;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The origin streams, sorted. */
    public Collection<String> streams() {
        return ranges.keySet();
    }

    /** Whether the key lies in one of the stream's ranges. */
    public boolean contains(Origin origin) {
        long[][] bounds = ranges.get(origin.stream());
        if (bounds == null) {
            return false;
        }
        long key = origin.key();
        int at = Arrays.binarySearch(bounds[0], key);
        int index = at >= 0 ? at : -at - 2;
        return index >= 0 && key < bounds[1][index];
    }

    /** How many ranges in all. */
    public int rangeCount() {
        return ranges.values().stream().mapToInt(b -> b[0].length).sum();
    }

    /** The stream's ranges as PostgreSQL's {@code int8multirange} text, e.g. {@code {[65536,131072),[196608,196610)}}. */
    public String multirange(String stream) {
        long[][] bounds = ranges.get(stream);
        StringBuilder text = new StringBuilder("{");
        if (bounds != null) {
            for (int i = 0; i < bounds[0].length; i++) {
                text.append(i == 0 ? "" : ",").append('[').append(bounds[0][i]).append(',').append(bounds[1][i])
                        .append(')');
            }
        }
        return text.append('}').toString();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("OriginRanges[");
        ranges.keySet().forEach(stream -> text.append(stream).append('=').append(multirange(stream)).append(' '));
        return text.toString().trim() + "]";
    }
}
