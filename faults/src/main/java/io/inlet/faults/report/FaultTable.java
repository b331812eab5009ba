package io.inlet.faults.report;

import io.inlet.faults.inject.ExecutedFault;
import java.util.List;
import java.util.Locale;

/** The per-fault table of the report (Markdown), times in seconds. */
public final class FaultTable {

    private FaultTable() {
    }

    public static String render(List<ExecutedFault> faults, long loadStartedAt, Deliveries deliveries) {
        StringBuilder table = new StringBuilder();
        table.append("| # | fault | start (s) | duration (s) | time to recover (s) | backlog drained (s) "
                + "| latest arrival, accepted 2 s before (s) | note |\n");
        table.append("|---|---|---|---|---|---|---|---|\n");
        for (ExecutedFault fault : faults) {
            FaultMetrics metrics = FaultMetrics.of(fault.startedAt(), fault.endedAt(), deliveries);
            table.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %s | %s | %s | %s |%n",
                    fault.planned().number(), fault.planned().kind().description(),
                    (fault.startedAt() - loadStartedAt) / 1000.0, (fault.endedAt() - fault.startedAt()) / 1000.0,
                    seconds(metrics.timeToRecover()), seconds(metrics.backlogDrained()), before(metrics),
                    fault.note()));
        }
        return table.toString();
    }

    private static String before(FaultMetrics metrics) {
        if (metrics.eventsBefore() == 0) {
            return "n/a (none accepted)";
        }
        return seconds(metrics.latestBefore()) + " (" + metrics.eventsBefore() + " events"
                + (metrics.missingBefore() > 0 ? ", " + metrics.missingBefore() + " MISSING" : "") + ")";
    }

    static String seconds(Long millis) {
        return millis == null ? "n/a" : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
