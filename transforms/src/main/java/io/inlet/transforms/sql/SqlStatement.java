package io.inlet.transforms.sql;

import io.inlet.columns.Column;
import io.inlet.transforms.StepFailure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableCorrelate;
import org.apache.calcite.adapter.enumerable.EnumerableFilter;
import org.apache.calcite.adapter.enumerable.EnumerableProject;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.tools.Frameworks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code SELECT … FROM event [CROSS JOIN UNNEST(…)] [WHERE …]} over the typed events of one schema version,
 * compiled once (parsed, checked by {@link StatementRules}, validated against the version's {@link EventRowType},
 * planned and generated to Java by Calcite, {@link StatementPlanner}) and then executed with no planning, once per
 * frame: {@link #evaluateFrame} binds a frame's typed events as the rows of table {@code event} and maps each
 * output row back to the event it came from (the plan only streams — scan, filter, project, and a correlate whose
 * right side unnests the row at hand — so an output row belongs to the input row the scan is on; a plan that does
 * not stream is executed per event). When the frame's execution throws (a cast that fails, division by zero), the
 * frame is executed again event by event, so that only the failing events fail. Safe to share between threads:
 * each execution carries its own rows.
 *
 * <p>What an event gives: without {@code UNNEST} at most one row, a JSON object; with {@code UNNEST} (it
 * {@link #unnests()}) its rows as one JSON array, in the order the arrays held them, at most
 * {@value #MAX_ROWS_PER_EVENT}. No row (a {@code WHERE} not true, an empty array) is "filtered".
 *
 * <p>Identifiers are case-sensitive and kept as written ({@code event.customer.id}, {@code "Order Id"}); string
 * literals are {@code VARCHAR}, not blank-padded {@code CHAR}.
 */
public final class SqlStatement {

    /** Most characters a statement may have. */
    public static final int MAX_LENGTH = 10_000;

    /** Most rows one event may give (an UNNEST of an UNNEST multiplies); more fails the event. */
    public static final int MAX_ROWS_PER_EVENT = 10_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** {@code CASE WHEN … THEN 'a' ELSE 'bcd' END} is a VARCHAR, not a CHAR(3) padding 'a'. */
    private static final RelDataTypeSystem TYPE_SYSTEM = new RelDataTypeSystemImpl() {
        @Override
        public boolean shouldConvertRaggedUnionTypesToVarying() {
            return true;
        }
    };

    private final String text;
    private final RowConversion input;
    private final RowConversion output;
    private final Bindable<Object> bindable;
    private final SchemaPlus root;
    private final JavaTypeFactory types;
    private final boolean streams;
    private final boolean unnests;
    private final ObjectNode outputSchema;

    private SqlStatement(String text, RowConversion input, RowConversion output, Bindable<Object> bindable,
            SchemaPlus root, JavaTypeFactory types, boolean streams, boolean unnests, ObjectNode outputSchema) {
        this.text = text;
        this.input = input;
        this.output = output;
        this.bindable = bindable;
        this.root = root;
        this.types = types;
        this.streams = streams;
        this.unnests = unnests;
        this.outputSchema = outputSchema;
    }

    /**
     * What the statement made of one event of a frame: its output, or none (no row: its {@code WHERE} was not true,
     * its arrays were empty), or why it could not be computed.
     *
     * @param output  the event's row (a JSON object) or, when the statement {@link #unnests()}, its rows (a JSON
     *                array of objects, never empty); {@code null} when filtered or failed
     * @param failure the reason the output could not be computed, {@code null} otherwise
     */
    public record Result(JsonNode output, String failure) {

        static final Result FILTERED = new Result(null, null);

        public boolean filtered() {
            return output == null && failure == null;
        }
    }

    /**
     * The results of one frame, one per input event in the input's order, and how many executions of the
     * statement it took: 1 when the frame ran as one, 1 + events when it was executed again event by event.
     */
    public record FrameResult(List<Result> results, int executions) {
    }

    /**
     * Compiles {@code text} over events of {@code eventSchema} (a JSON Schema); throws {@link SqlRefusedException}
     * with the reason and its position when the statement cannot be a {@code sql} step.
     */
    public static SqlStatement compile(String text, JsonNode eventSchema) {
        if (text == null || text.isBlank()) {
            throw new SqlRefusedException("statement must not be empty", 0, 0);
        }
        if (text.length() > MAX_LENGTH) {
            throw new SqlRefusedException("statement is longer than " + MAX_LENGTH + " characters", 0, 0);
        }
        JavaTypeFactory types = new JavaTypeFactoryImpl(TYPE_SYSTEM);
        Column.Struct columns = EventRowType.columns(eventSchema);
        RelDataType rowType = EventRowType.of(columns, types);
        SchemaPlus root = Frameworks.createRootSchema(false);
        root.add(StatementRules.TABLE, new EventTable(columns));
        StatementPlanner planner = new StatementPlanner(root, types);
        try {
            SqlNode parsed;
            try {
                parsed = StatementPlanner.parse(text);
            } catch (SqlParseException e) {
                throw new SqlRefusedException("statement does not parse: " + firstLine(e.getMessage()),
                        e.getPos() == null ? 0 : e.getPos().getLineNum(),
                        e.getPos() == null ? 0 : e.getPos().getColumnNum());
            }
            boolean unnests = StatementRules.checkShape(parsed);
            SqlNode validated = planner.validate(parsed);
            StatementRules.checkFunctions((SqlSelect) validated);
            StatementRules.checkUnnestColumns(((SqlSelect) validated).getFrom(), planner::typeOf);
            RelRoot relRoot = planner.toRel(validated, planner.cluster());
            RelDataType outputType = relRoot.validatedRowType;
            ObjectNode outputSchema = OutputSchema.of(outputType);
            RelNode logical = relRoot.project();
            BitSet used = UsedColumns.of(logical, rowType.getFieldCount());
            RelNode physical = StatementPlanner.toEnumerable(logical);
            @SuppressWarnings("unchecked")
            Bindable<Object> bindable = (Bindable<Object>) (Bindable<?>) EnumerableInterpretable.toBindable(
                    new HashMap<>(), null, (EnumerableRel) physical, EnumerableRel.Prefer.ARRAY);
            return new SqlStatement(text, RowConversion.input(rowType, columns, used, unnests),
                    RowConversion.output(outputType), bindable,
                    root, types, streams(physical), unnests, outputSchema);
        } catch (SqlRefusedException e) {
            throw e;
        } catch (CalciteContextException e) {
            String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getMessage();
            throw new SqlRefusedException(firstLine(message), e.getPosLine(), e.getPosColumn());
        } catch (Exception | AssertionError e) {
            SqlRefusedException refused = new SqlRefusedException("statement cannot be compiled: "
                    + firstLine(String.valueOf(e.getMessage())), 0, 0);
            refused.initCause(e);
            throw refused;
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /**
     * Whether every operator of the plan passes rows through in the scan's order, each computed from the input row
     * the scan is on: scan, filter, project, and a correlate whose right side reads no table (it unnests the left
     * row at hand; Calcite's correlate enumerates the right side for one left row before it moves the left on).
     */
    private static boolean streams(RelNode node) {
        if (node instanceof EnumerableCorrelate correlate) {
            return streams(correlate.getLeft()) && !readsTable(correlate.getRight());
        }
        if (!(node instanceof EnumerableCalc || node instanceof EnumerableProject || node instanceof EnumerableFilter
                || node instanceof EventScan)) {
            return false;
        }
        for (RelNode input : node.getInputs()) {
            if (!streams(input)) {
                return false;
            }
        }
        return true;
    }

    private static boolean readsTable(RelNode node) {
        if (node instanceof org.apache.calcite.rel.core.TableScan) {
            return true;
        }
        for (RelNode input : node.getInputs()) {
            if (readsTable(input)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The statement's output for one typed event (the JSON record of the event's schema version): its row, or its
     * rows as an array when the statement {@link #unnests()}; empty when it gives no row. Throws
     * {@link StepFailure} when the output cannot be computed (a cast that fails, division by zero, a value out of
     * range, more than {@value #MAX_ROWS_PER_EVENT} rows).
     */
    public Optional<JsonNode> evaluate(JsonNode record) {
        FrameRows rows = new FrameRows(List.<Object[]>of(input.toRow(record)));
        try (Enumerator<Object> results = bindable.bind(new EventContext(root, types, rows)).enumerator()) {
            if (!unnests) {
                return results.moveNext() ? Optional.of(output.toJson(results.current())) : Optional.empty();
            }
            ArrayNode all = NODES.arrayNode();
            while (results.moveNext()) {
                add(all, output.toJson(results.current()));
            }
            return all.isEmpty() ? Optional.empty() : Optional.of(all);
        } catch (StepFailure e) {
            throw e;
        } catch (RuntimeException | ExceptionInInitializerError e) {
            throw new StepFailure(describe(e));
        }
    }

    private static void add(ArrayNode rows, ObjectNode row) {
        if (rows.size() == MAX_ROWS_PER_EVENT) {
            throw new StepFailure("the statement gives more than " + MAX_ROWS_PER_EVENT + " rows for the event");
        }
        rows.add(row);
    }

    /**
     * The statement's results for the typed events of one frame (the JSON records of this schema version), one per
     * record in order: one execution over all of them, or — when that execution throws, or the plan does not
     * stream — one per record, so that a record that cannot be computed fails its event alone. Never throws for a
     * record.
     */
    public FrameResult evaluateFrame(List<? extends JsonNode> records) {
        if (streams && records.size() > 1) {
            List<Result> results = executeOnce(records);
            if (results != null) {
                return new FrameResult(results, 1);
            }
            return new FrameResult(eachAlone(records), 1 + records.size());
        }
        return new FrameResult(eachAlone(records), records.size());
    }

    /**
     * One execution over every record; {@code null} when it threw (a record that cannot be computed) or its rows
     * did not come in the scan's order.
     */
    private List<Result> executeOnce(List<? extends JsonNode> records) {
        List<Object[]> input = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            input.add(this.input.toRow(record));
        }
        FrameRows rows = new FrameRows(input);
        Result[] results = new Result[records.size()];
        Arrays.fill(results, Result.FILTERED);
        int last = -1;
        try (Enumerator<Object> outputs = bindable.bind(new EventContext(root, types, rows)).enumerator()) {
            while (outputs.moveNext()) {
                int from = rows.current();
                if (from < last || from >= results.length || (!unnests && results[from] != Result.FILTERED)) {
                    return null; // not the scan's order, or two rows where one was expected: let each run alone
                }
                last = from;
                ObjectNode row = output.toJson(outputs.current());
                if (!unnests) {
                    results[from] = new Result(row, null);
                } else {
                    if (results[from] == Result.FILTERED) {
                        results[from] = new Result(NODES.arrayNode(), null);
                    }
                    add((ArrayNode) results[from].output(), row);
                }
            }
        } catch (RuntimeException | ExceptionInInitializerError e) {
            return null;
        }
        return List.of(results);
    }

    private List<Result> eachAlone(List<? extends JsonNode> records) {
        List<Result> results = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            try {
                results.add(evaluate(record).map(row -> new Result(row, null)).orElse(Result.FILTERED));
            } catch (StepFailure e) {
                results.add(new Result(null, e.getMessage()));
            }
        }
        return results;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT).trim() + (message == null ? "" : ": " + message);
    }

    /** Whether an event gives its rows as one JSON array (the statement unnests an array), not one object. */
    public boolean unnests() {
        return unnests;
    }

    /** Whether a frame runs as one execution (the plan streams); else each event runs alone. */
    public boolean executesPerFrame() {
        return streams;
    }

    /** The JSON Schema of the rows this statement gives: what the lake writes for the event type. */
    public ObjectNode outputSchema() {
        return outputSchema.deepCopy();
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
