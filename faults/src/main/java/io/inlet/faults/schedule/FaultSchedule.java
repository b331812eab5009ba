package io.inlet.faults.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of a run, drawn from the seed alone: the same seed and settings give the same kinds in the same order
 * at the same times. With enough faults every kind happens at least once and nats-server is killed at least twice
 * (a reconnect that works once may not work twice); faults are {@link #MIN_GAP}–{@link #MAX_GAP} apart, pulled
 * closer (never below the minimum) so that the last one still falls inside the load.
 */
public final class FaultSchedule {

    public static final Duration FIRST = Duration.ofSeconds(10);
    public static final Duration MIN_GAP = Duration.ofSeconds(15);
    public static final Duration MAX_GAP = Duration.ofSeconds(25);
    /** The last fault starts this long before the load's planned end at the latest (when the gaps allow). */
    public static final Duration TAIL = Duration.ofSeconds(25);

    private FaultSchedule() {
    }

    /**
     * {@code count} faults of a run on one nats-server ({@link FaultKind#singleServer()}): every kind once (when count
     * allows), nats-server twice, the rest drawn at random.
     */
    public static List<PlannedFault> plan(long seed, int count, Duration load) {
        Random random = new Random(seed);
        List<FaultKind> kinds = new ArrayList<>();
        FaultKind[] all = FaultKind.singleServer().toArray(FaultKind[]::new);
        if (count >= all.length) {
            kinds.addAll(List.of(all));
            if (count > all.length) {
                kinds.add(FaultKind.NATS_KILL);
            }
            while (kinds.size() < count) {
                kinds.add(all[random.nextInt(all.length)]);
            }
        } else {
            List<FaultKind> some = new ArrayList<>(List.of(all));
            Collections.shuffle(some, random);
            kinds.addAll(some.subList(0, count));
        }
        Collections.shuffle(kinds, random);
        return timed(random, kinds, load);
    }

    /** The given kinds in the given order, at seeded times. */
    public static List<PlannedFault> plan(long seed, List<FaultKind> kinds, Duration load) {
        return timed(new Random(seed), kinds, load);
    }

    private static List<PlannedFault> timed(Random random, List<FaultKind> kinds, Duration load) {
        long min = MIN_GAP.toMillis();
        long spread = MAX_GAP.toMillis() - min;
        long[] extra = new long[Math.max(0, kinds.size() - 1)];
        long extraSum = 0;
        for (int i = 0; i < extra.length; i++) {
            extra[i] = (long) (random.nextDouble() * spread);
            extraSum += extra[i];
        }
        long room = load.toMillis() - TAIL.toMillis() - FIRST.toMillis() - min * extra.length;
        double squeeze = extraSum == 0 ? 1 : Math.max(0, Math.min(1, (double) room / extraSum));
        List<PlannedFault> faults = new ArrayList<>();
        long at = FIRST.toMillis();
        for (int i = 0; i < kinds.size(); i++) {
            if (i > 0) {
                at += min + (long) (extra[i - 1] * squeeze);
            }
            faults.add(new PlannedFault(i + 1, kinds.get(i), Duration.ofMillis(at)));
        }
        return List.copyOf(faults);
    }
}
