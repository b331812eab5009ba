package io.inlet.pipeline.steps;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import io.inlet.transforms.PipelineStep;
import io.inlet.transforms.StepFailure;
import io.inlet.transforms.sql.SqlRefusedException;
import io.inlet.transforms.sql.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs an event type's {@code sql} step. A statement is compiled once per (event type, schema version, statement
 * text) — so once per pipeline revision and schema version — and kept; a frame's events of one schema version are
 * then one execution of it ({@link #runFrame}; executed again event by event when that execution throws, see
 * {@link SqlStatement#evaluateFrame}). Never throws for an event: a row that cannot be computed is a {@link StepsResult.Failed} whose
 * message names the statement and the cause; an event that gives no row (a {@code WHERE} that is not true, an
 * {@code UNNEST} of an empty array) is a {@link StepsResult.Filtered}; an event's row is {@link StepsResult.Kept} as
 * a JSON object, or — for a statement that unnests — its rows as one JSON array (the lake writes each).
 * A statement that does not compile against the event's schema version (a version registered after the statement
 * was accepted, without a column it names) fails each such event the same way.
 */
public final class SqlStepRunner {

    /** The JSON Schema text of a schema version; throws what the registry client throws. */
    @FunctionalInterface
    public interface SchemaTexts {
        String schema(EventType type, int version);
    }

    private record Key(String subject, int version, String statement) {
    }

    private record Compiled(SqlStatement statement, String refusal) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEYWORD = "sql";

    private final SchemaTexts schemas;
    private final Cache<Key, Compiled> compiled;
    private final LongAdder executions = new LongAdder();

    public SqlStepRunner(SchemaTexts schemas, long maximumSize) {
        this.schemas = schemas;
        this.compiled = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    /**
     * @param record the typed record of schema version {@code version}
     */
    public StepsResult run(EventType type, int version, PipelineStep.Sql step, JsonNode record) {
        Compiled statement = compiled.get(new Key(type.name(), version, step.statement()),
                key -> compile(type, version, key.statement()));
        if (statement.refusal() != null) {
            return failed(step, statement.refusal());
        }
        try {
            Optional<JsonNode> row = statement.statement().evaluate(record);
            return row.<StepsResult>map(StepsResult.Kept::new).orElseGet(() -> new StepsResult.Filtered(0));
        } catch (StepFailure e) {
            return failed(step, e.getMessage());
        }
    }

    /**
     * The results for the typed records of one frame's events of schema version {@code version}, one per record
     * in order, from one execution of the statement (or one per record when a record cannot be computed).
     */
    public List<StepsResult> runFrame(EventType type, int version, PipelineStep.Sql step,
            List<? extends JsonNode> records) {
        Compiled statement = compiled.get(new Key(type.name(), version, step.statement()),
                key -> compile(type, version, key.statement()));
        List<StepsResult> results = new ArrayList<>(records.size());
        if (statement.refusal() != null) {
            for (int i = 0; i < records.size(); i++) {
                results.add(failed(step, statement.refusal()));
            }
            return results;
        }
        SqlStatement.FrameResult frame = statement.statement().evaluateFrame(records);
        executions.add(frame.executions());
        for (SqlStatement.Result result : frame.results()) {
            results.add(result.failure() != null ? failed(step, result.failure())
                    : result.filtered() ? new StepsResult.Filtered(0) : new StepsResult.Kept(result.output()));
        }
        return results;
    }

    private Compiled compile(EventType type, int version, String text) {
        JsonNode schema = JSON.readTree(schemas.schema(type, version));
        try {
            return new Compiled(SqlStatement.compile(text, schema), null);
        } catch (SqlRefusedException e) {
            return new Compiled(null, "the statement does not compile against schema version " + version + ": "
                    + e.getMessage());
        }
    }

    private static StepsResult failed(PipelineStep.Sql step, String message) {
        return new StepsResult.Failed(0, new Violation("", KEYWORD, "pipeline step 0 (sql): " + message
                + "; statement: " + step.statement()));
    }

    /** Executions of statements so far (one per frame, more when a frame ran again event by event); for tests. */
    long executions() {
        return executions.sum();
    }

    /** Compiled statements kept; for tests. */
    long compiledStatements() {
        compiled.cleanUp();
        return compiled.estimatedSize();
    }
}
