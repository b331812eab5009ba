package io.inlet.lake.dryrun;

import io.inlet.lake.buffer.Lake;
import io.inlet.columns.Column;
import io.inlet.lake.schema.TableResolver;
import io.inlet.lake.schema.TableSchema;
import io.inlet.lake.read.LakeFileReader;
import io.inlet.lake.replay.ErrorRecord;
import io.inlet.registryclient.RegistryClient;
import io.inlet.registryclient.RegistryClientException;
import io.inlet.registryclient.RegistrySchema;
import io.inlet.validation.CompiledSchema;
import io.inlet.validation.EventValidator;
import io.inlet.validation.SchemaCompiler;
import io.inlet.validation.Validation;
import io.inlet.validation.ViolationTallies;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.apache.parquet.example.data.Group;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tests a candidate schema (inline, or a registered version) against the recent events of its type: reads the
 * newest lake files of the type (data lake, error lake or both; within a time range), takes at most {@code limit}
 * events, and decides each exactly as the pipeline's schema applier would ({@link EventValidator}). Error-lake
 * events are checked as they were sent (their original payload); data-lake events as the lake stored them (the
 * typed record, rebuilt from its columns). Registers nothing, publishes nothing. Bounded: {@code limit} events,
 * a deadline, a bounded tally, and at most a few runs at once; files are streamed row by row.
 */
public class DryRun {

    private static final int FILE_PAGE = 100;
    private static final int MAX_DISTINCT_VIOLATIONS = 1000;
    private static final int MAX_SKIPPED_FILES = 10;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DryRunFiles files;
    private final LakeFileReader reader;
    private final TableResolver tables;
    private final RegistryClient registry;
    private final SchemaCompiler compiler;
    private final DryRunProperties properties;
    private final Semaphore running;
    private final Clock clock;

    DryRun(DryRunFiles files, LakeFileReader reader, TableResolver tables, RegistryClient registry,
           SchemaCompiler compiler, DryRunProperties properties, Clock clock) {
        this.files = files;
        this.reader = reader;
        this.tables = tables;
        this.registry = registry;
        this.compiler = compiler;
        this.properties = properties;
        this.running = new Semaphore(properties.maxConcurrent());
        this.clock = clock;
    }

    public DryRunReport run(DryRunRequest request) {
        DryRunSpec spec = DryRunSpec.of(request, properties);
        if (!running.tryAcquire()) {
            throw new DryRunUnavailableException(properties.maxConcurrent() + " dry runs are running already; "
                    + "retry when one has answered", true);
        }
        try {
            CompiledSchema candidate = candidate(spec);
            return new Run(spec, candidate, clock.instant().plus(properties.timeout())).sample();
        } finally {
            running.release();
        }
    }

    private CompiledSchema candidate(DryRunSpec spec) {
        String type = spec.eventType().name();
        if (spec.schemaText() != null) {
            try {
                return compiler.compile(new RegistrySchema(0, type, 0, "JSON", spec.schemaText()));
            } catch (RuntimeException e) {
                throw new InvalidDryRunException("schema is not a usable JSON Schema: " + e.getMessage());
            }
        }
        RegistrySchema registered;
        try {
            registered = registry.schema(type, spec.version());
        } catch (RegistryClientException e) {
            if (e.notFound()) {
                throw new CandidateNotFoundException("Event type '" + type + "' has no registered version "
                        + spec.version());
            }
            throw new DryRunUnavailableException("The schema registry did not answer for version " + spec.version()
                    + " of '" + type + "': " + e.getMessage(), false);
        }
        return compiler.compile(registered);
    }

    /** One dry run's state while it reads. */
    private final class Run {

        private final DryRunSpec spec;
        private final CompiledSchema candidate;
        private final Instant deadline;
        private final ViolationTallies tallies = new ViolationTallies(MAX_DISTINCT_VIOLATIONS, properties.exampleIds());
        private final List<DryRunReport.Failure> failures = new ArrayList<>();
        private final List<DryRunReport.SkippedFile> skipped = new ArrayList<>();
        private final Map<Integer, Column.Struct> columnsByVersion = new HashMap<>();
        private final long[] passed = new long[2];
        private final long[] failed = new long[2];
        private long events;
        private long rowsRead;
        private int filesRead;
        private String stoppedBy;
        private Instant oldest;
        private Instant newest;

        Run(DryRunSpec spec, CompiledSchema candidate, Instant deadline) {
            this.spec = spec;
            this.candidate = candidate;
            this.deadline = deadline;
        }

        DryRunReport sample() {
            long before = Long.MAX_VALUE;
            boolean more = true;
            while (more && stoppedBy == null) {
                List<DryRunFiles.LakeFile> page = files.newestBefore(spec, before, FILE_PAGE);
                more = page.size() == FILE_PAGE;
                for (DryRunFiles.LakeFile file : page) {
                    before = file.id();
                    if (stopped()) {
                        break;
                    }
                    read(file);
                }
            }
            // stopped at the limit with nothing left unread is still the whole sample
            boolean complete = stoppedBy == null;
            return new DryRunReport(spec.eventType().name(), new DryRunReport.Candidate(spec.schemaText() != null,
                    spec.schemaText() != null ? null : candidate.version(),
                    spec.schemaText() != null ? null : candidate.id()),
                    new DryRunReport.Sampled(spec.source(), spec.limit(), spec.from(), spec.to(), events,
                            passed[0] + failed[0], passed[1] + failed[1], filesRead, rowsRead, complete, stoppedBy,
                            oldest, newest, skipped.isEmpty() ? null : List.copyOf(skipped)),
                    passed[0] + passed[1], failed[0] + failed[1],
                    new DryRunReport.BySource(new DryRunReport.Counts(passed[0], failed[0]),
                            new DryRunReport.Counts(passed[1], failed[1])),
                    tallies.top(properties.topViolations()), tallies.untracked(), List.copyOf(failures));
        }

        private boolean stopped() {
            if (events >= spec.limit()) {
                stoppedBy = "limit";
            } else if (!clock.instant().isBefore(deadline)) {
                stoppedBy = "time";
            }
            return stoppedBy != null;
        }

        private void read(DryRunFiles.LakeFile file) {
            filesRead++;
            try {
                reader.scan(file.bucket(), file.key(), 0, column -> true, row -> {
                    rowsRead++;
                    take(file, row);
                    return !stopped();
                });
            } catch (RuntimeException e) {
                if (skipped.size() < MAX_SKIPPED_FILES) {
                    skipped.add(new DryRunReport.SkippedFile(file.key(), e.getMessage()));
                }
            }
        }

        private void take(DryRunFiles.LakeFile file, LakeFileReader.Row row) {
            String eventId;
            Instant receivedAt;
            byte[] payload;
            if (file.lake() == Lake.ERRORS) {
                ErrorRecord error = ErrorRecord.of(file.id(), row);
                eventId = error.eventId();
                receivedAt = error.receivedAt();
                if (!spec.inRange(receivedAt)) {
                    return;
                }
                payload = error.payload();
            } else {
                Group group = row.columns();
                eventId = LakeFileReader.string(group, TableSchema.EVENT_ID);
                receivedAt = StoredRecordJson.receivedAt(group);
                if (!spec.inRange(receivedAt)) {
                    return;
                }
                Long version = LakeFileReader.int64(group, TableSchema.SCHEMA_VERSION);
                payload = JSON.writeValueAsBytes(StoredRecordJson.of(group, columns(version)));
            }
            int lake = file.lake() == Lake.DATA ? 0 : 1;
            events++;
            oldest = oldest == null || receivedAt.isBefore(oldest) ? receivedAt : oldest;
            newest = newest == null || receivedAt.isAfter(newest) ? receivedAt : newest;
            Validation result = EventValidator.validate(payload, spec.eventType(), null, Optional.of(candidate));
            if (result.passed()) {
                passed[lake]++;
                return;
            }
            failed[lake]++;
            tallies.add(eventId, result.violations());
            if (failures.size() < properties.failures()) {
                failures.add(new DryRunReport.Failure(eventId, lake == 0 ? DryRunSpec.VALID : DryRunSpec.ERRORS,
                        result.stage(), result.reason(), result.violations()));
            }
        }

        /** The columns a data-lake row was written with: those of its own schema version. */
        private Column.Struct columns(Long version) {
            if (version == null) {
                throw new IllegalStateException("a data-lake row without " + TableSchema.SCHEMA_VERSION);
            }
            return columnsByVersion.computeIfAbsent(version.intValue(),
                    v -> tables.resolve(spec.eventType(), v).schema().root());
        }
    }
}
