package io.inlet.validation;

import io.inlet.contracts.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The most frequent violations of many events, by (JSON pointer, keyword), each with a few example event ids.
 * Bounded: at most {@code maxDistinct} (pointer, keyword) pairs are told apart; violations of further pairs are
 * counted in {@link #untracked()} (a schema that fails every event at a different pointer cannot fill memory).
 */
public final class ViolationTallies {

    /** One (pointer, keyword): how many violations, and the first event ids that had it. */
    public record ViolationCount(String pointer, String keyword, long count, List<String> exampleIds) {
    }

    private final int maxDistinct;
    private final int maxExamples;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private long untracked;

    public ViolationTallies(int maxDistinct, int maxExamples) {
        this.maxDistinct = maxDistinct;
        this.maxExamples = maxExamples;
    }

    /** Counts each violation of one event once per (pointer, keyword). */
    public void add(String eventId, List<Violation> violations) {
        for (Violation v : violations) {
            String key = v.pointer() + "\u0000" + v.keyword();
            Tally tally = tallies.get(key);
            if (tally == null) {
                if (tallies.size() >= maxDistinct) {
                    untracked++;
                    continue;
                }
                tally = new Tally(v.pointer(), v.keyword());
                tallies.put(key, tally);
            }
            tally.add(eventId, maxExamples);
        }
    }

    /** The {@code n} most frequent, most frequent first (ties: first seen first). */
    public List<ViolationCount> top(int n) {
        return tallies.values().stream()
                .sorted(Comparator.comparingLong((Tally t) -> -t.count))
                .limit(n)
                .map(t -> new ViolationCount(t.pointer, t.keyword, t.count, List.copyOf(t.examples)))
                .toList();
    }

    /** Violations of pairs beyond the distinct bound, counted but not told apart. */
    public long untracked() {
        return untracked;
    }

    private static final class Tally {
        final String pointer;
        final String keyword;
        final List<String> examples = new ArrayList<>();
        String lastEvent;
        long count;

        Tally(String pointer, String keyword) {
            this.pointer = pointer;
            this.keyword = keyword;
        }

        void add(String eventId, int maxExamples) {
            count++;
            if (examples.size() < maxExamples && !eventId.equals(lastEvent) && !examples.contains(eventId)) {
                examples.add(eventId);
            }
            lastEvent = eventId;
        }
    }
}
