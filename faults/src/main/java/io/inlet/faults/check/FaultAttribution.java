package io.inlet.faults.check;

import io.inlet.faults.inject.ExecutedFault;
import java.util.List;

/**
 * Which fault an event or an answer is blamed on: the fault under way at that moment, else the next one to strike
 * (an event accepted before a fault is still in flight when it strikes), else none.
 */
public final class FaultAttribution {

    public static final String NONE = "after the last fault";

    private FaultAttribution() {
    }

    public static String of(List<ExecutedFault> faults, long at) {
        ExecutedFault next = null;
        for (ExecutedFault fault : faults) {
            if (fault.covers(at)) {
                return fault.label();
            }
            if (fault.startedAt() > at && (next == null || fault.startedAt() < next.startedAt())) {
                next = fault;
            }
        }
        return next == null ? NONE : next.label();
    }

    /** The fault under way at that moment, or "no fault". */
    public static String during(List<ExecutedFault> faults, long at) {
        return faults.stream().filter(fault -> fault.covers(at)).map(ExecutedFault::label).findFirst()
                .orElse("no fault under way");
    }
}
