package io.inlet.faults.schedule;

import java.time.Duration;

/**
 * One fault of the schedule.
 *
 * @param number 1-based, in the order the faults happen
 * @param at     when it is due, from the start of the load
 */
public record PlannedFault(int number, FaultKind kind, Duration at) {

    /** {@code #3 kill -9 lake while it writes a file}. */
    public String label() {
        return "#" + number + " " + kind.description();
    }
}
