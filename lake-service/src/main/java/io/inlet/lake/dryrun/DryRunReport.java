package io.inlet.lake.dryrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inlet.contracts.Violation;
import io.inlet.validation.ViolationTallies.ViolationCount;
import java.time.Instant;
import java.util.List;

/**
 * The answer of a dry run: what was sampled, how many of the sampled events the candidate passes and fails (in
 * all and per lake), the most frequent violations with example ids, and a few failing events. Registers nothing.
 *
 * @param candidate  the schema tested: the registered version (and its schema id), or an inline schema
 * @param sampled    what was read
 * @param bySource   passed and failed per lake ({@code valid}: the data lake, {@code errors}: the error lake)
 * @param violations the most frequent (pointer, keyword) violations, most frequent first
 * @param untrackedViolations violations of further distinct (pointer, keyword) pairs, counted only
 * @param failures   a few failing events, newest files first
 */
public record DryRunReport(String eventType, Candidate candidate, Sampled sampled, long passed, long failed,
                           BySource bySource, List<ViolationCount> violations, long untrackedViolations,
                           List<Failure> failures) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Candidate(boolean inline, Integer version, Long schemaId) {
    }

    /**
     * @param source           {@code valid}, {@code errors} or {@code both}
     * @param limit            the most events the run would take
     * @param events           events sampled (at most {@code limit})
     * @param valid            of them from the data lake
     * @param errors           of them from the error lake
     * @param files            lake files read (newest commit first)
     * @param rowsRead         rows read from those files (rows outside the time range included)
     * @param complete         every matching event was sampled (nothing older is left)
     * @param stoppedBy        {@code limit} or {@code time} when the run stopped early, else absent
     * @param oldestReceivedAt the earliest received-at among the sampled events
     * @param newestReceivedAt the latest one
     * @param skippedFiles     files that could not be read, with why (their rows are not sampled)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sampled(String source, int limit, Instant from, Instant to, long events, long valid, long errors,
                          int files, long rowsRead, boolean complete, String stoppedBy, Instant oldestReceivedAt,
                          Instant newestReceivedAt, List<SkippedFile> skippedFiles) {
    }

    public record SkippedFile(String key, String reason) {
    }

    public record Counts(long passed, long failed) {
    }

    public record BySource(Counts valid, Counts errors) {
    }

    /** A failing event: its id, the lake it was sampled from, and the failure as the pipeline would record it. */
    public record Failure(String eventId, String source, String stage, String reason, List<Violation> violations) {
    }
}
