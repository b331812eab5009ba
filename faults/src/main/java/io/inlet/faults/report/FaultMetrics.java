package io.inlet.faults.report;

/**
 * How the lake came through one fault, in millis (null: no event to measure it by).
 *
 * @param timeToRecover  earliest lake arrival of an event accepted after the fault ended, minus the fault's end
 * @param backlogDrained latest lake arrival of the events accepted before the fault ended, minus the fault's end
 *                       (0 when they had all landed by then)
 * @param latestBefore   the longest accept-to-lake time of the events accepted in the {@link #BEFORE} millis before
 *                       the fault struck (those most likely in flight when it did)
 * @param eventsBefore   how many events were accepted in those millis
 * @param missingBefore  how many of them never arrived
 */
public record FaultMetrics(Long timeToRecover, Long backlogDrained, Long latestBefore, int eventsBefore,
                           int missingBefore) {

    public static final long BEFORE = 2_000;

    public static FaultMetrics of(long startedAt, long endedAt, Deliveries deliveries) {
        long recover = Long.MAX_VALUE;
        long drained = Long.MIN_VALUE;
        long latest = Long.MIN_VALUE;
        int before = 0;
        int missing = 0;
        for (int i = 0; i < deliveries.size(); i++) {
            long accepted = deliveries.acceptedAt()[i];
            long arrived = deliveries.arrivedAt()[i];
            boolean landed = arrived > 0;
            if (accepted >= startedAt - BEFORE && accepted < startedAt) {
                before++;
                if (landed) {
                    latest = Math.max(latest, arrived - accepted);
                } else {
                    missing++;
                }
            }
            if (!landed) {
                continue;
            }
            if (accepted > endedAt) {
                recover = Math.min(recover, arrived - endedAt);
            } else {
                drained = Math.max(drained, arrived - endedAt);
            }
        }
        return new FaultMetrics(recover == Long.MAX_VALUE ? null : Math.max(0, recover),
                drained == Long.MIN_VALUE ? null : Math.max(0, drained),
                latest == Long.MIN_VALUE ? null : latest, before, missing);
    }
}
