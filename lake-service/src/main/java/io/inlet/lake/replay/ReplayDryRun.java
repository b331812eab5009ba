package io.inlet.lake.replay;

import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import io.inlet.validation.Validation;
import io.inlet.validation.ViolationTallies;
import io.inlet.validation.ViolationTallies.ViolationCount;
import io.inlet.lake.read.LakeFileReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A replay's dry run: reads the selected error-lake events (at most {@code limit}, oldest file first) and checks
 * each with {@link ReplayCheck} against the version the replay would pin (or the latest): how many would pass now,
 * and, for the others, the most frequent violations with example ids. Sends and records nothing.
 */
public class ReplayDryRun {

    /** What was read: files, error rows, selected rows, and whether the selection was read to its end. */
    public record Sampled(int files, long rows, long selected, int limit, boolean complete) {
    }

    public record StillFailing(String eventId, String stage, String reason, List<Violation> violations) {
    }

    public record Report(boolean dryRun, String eventType, Integer targetVersion, Sampled sampled, long wouldPass,
                         long stillFail, List<ViolationCount> violations, List<StillFailing> examples) {
    }

    private static final int EXAMPLE_IDS = 5;
    private static final int MAX_DISTINCT_VIOLATIONS = 1000;
    private static final int TOP_VIOLATIONS = 20;
    private static final int EXAMPLES = 10;

    private final ErrorLakeFiles files;
    private final LakeFileReader reader;
    private final ReplayCheck check;

    public ReplayDryRun(ErrorLakeFiles files, LakeFileReader reader, ReplayCheck check) {
        this.files = files;
        this.reader = reader;
        this.check = check;
    }

    public Report run(ReplaySelection selection, Integer targetVersion, int limit) {
        EventType type = new EventType(selection.eventType());
        long newest = files.newestId();
        int[] fileCount = {0};
        long[] rows = {0};
        List<ErrorRecord> selected = new ArrayList<>();
        boolean complete = true;
        for (ErrorLakeFiles.ErrorFile file : files.files(selection, 0, newest, Integer.MAX_VALUE)) {
            if (selected.size() >= limit) {
                complete = false;
                break;
            }
            fileCount[0]++;
            reader.scan(file.bucket(), file.key(), 0, column -> true, row -> {
                rows[0]++;
                ErrorRecord record = ErrorRecord.of(file.id(), row);
                if (selection.matches(record)) {
                    selected.add(record);
                }
                return selected.size() < limit;
            });
        }
        long pass = 0;
        ViolationTallies tallies = new ViolationTallies(MAX_DISTINCT_VIOLATIONS, EXAMPLE_IDS);
        List<StillFailing> examples = new ArrayList<>();
        for (ErrorRecord record : selected) {
            Validation verdict = check.check(type, targetVersion, record.payload());
            if (verdict.passed()) {
                pass++;
                continue;
            }
            if (examples.size() < EXAMPLES) {
                examples.add(new StillFailing(record.eventId(), verdict.stage(), verdict.reason(), verdict.violations()));
            }
            tallies.add(record.eventId(), verdict.violations());
        }
        List<ViolationCount> top = tallies.top(TOP_VIOLATIONS);
        return new Report(true, selection.eventType(), targetVersion,
                new Sampled(fileCount[0], rows[0], selected.size(), limit, complete), pass, selected.size() - pass,
                top, examples);
    }
}
