package io.inlet.transforms.sql;

import io.inlet.transforms.StepFailure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableFilter;
import org.apache.calcite.adapter.enumerable.EnumerableProject;
import org.apache.calcite.adapter.enumerable.EnumerableTableScan;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
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
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.tools.ValidationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code SELECT … FROM event [WHERE …]} over the typed events of one schema version, compiled once (parsed,
 * checked by {@link StatementRules}, validated against the version's {@link EventRowType}, planned and generated
 * to Java by Calcite) and then executed with no planning, once per frame: {@link #evaluateFrame} binds a frame's
 * typed events as the rows of table {@code event} and maps each output row back to the event it came from (the
 * plan only streams — scan, filter, project — so an output row belongs to the input row the scan is on; a plan
 * that does not stream is executed per event). When the frame's execution throws (a cast that fails, division by
 * zero), the frame is executed again event by event, so that only the failing events fail. Safe to share between
 * threads: each execution carries its own rows.
 *
 * <p>Identifiers are case-sensitive and kept as written ({@code event.customer.id}, {@code "Order Id"}); string
 * literals are {@code VARCHAR}, not blank-padded {@code CHAR}.
 */
public final class SqlStatement {

    /** Most characters a statement may have. */
    public static final int MAX_LENGTH = 10_000;

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
    private final ObjectNode outputSchema;

    private SqlStatement(String text, RowConversion input, RowConversion output, Bindable<Object> bindable,
            SchemaPlus root, JavaTypeFactory types, boolean streams, ObjectNode outputSchema) {
        this.text = text;
        this.input = input;
        this.output = output;
        this.bindable = bindable;
        this.root = root;
        this.types = types;
        this.streams = streams;
        this.outputSchema = outputSchema;
    }

    /**
     * What the statement made of one event of a frame: its row, or none (its {@code WHERE} was not true), or why
     * its row could not be computed.
     *
     * @param row     the output row, {@code null} when filtered or failed
     * @param failure the reason the row could not be computed, {@code null} otherwise
     */
    public record Result(ObjectNode row, String failure) {

        static final Result FILTERED = new Result(null, null);

        public boolean filtered() {
            return row == null && failure == null;
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
        RelDataType rowType = EventRowType.of(eventSchema, types);
        SchemaPlus root = Frameworks.createRootSchema(false);
        root.add(StatementRules.TABLE, new EventTable(eventSchema));
        FrameworkConfig config = Frameworks.newConfigBuilder()
                .parserConfig(SqlParser.config()
                        .withCaseSensitive(true)
                        .withQuoting(Quoting.DOUBLE_QUOTE)
                        .withUnquotedCasing(Casing.UNCHANGED)
                        .withQuotedCasing(Casing.UNCHANGED)
                        .withConformance(SqlConformanceEnum.DEFAULT))
                .defaultSchema(root)
                .typeSystem(TYPE_SYSTEM)
                .operatorTable(SqlStdOperatorTable.instance())
                .programs(Programs.standard())
                .build();
        Planner planner = Frameworks.getPlanner(config);
        try {
            SqlNode parsed;
            try {
                parsed = planner.parse(text);
            } catch (SqlParseException e) {
                throw new SqlRefusedException("statement does not parse: " + firstLine(e.getMessage()),
                        e.getPos() == null ? 0 : e.getPos().getLineNum(),
                        e.getPos() == null ? 0 : e.getPos().getColumnNum());
            }
            StatementRules.checkShape(parsed);
            SqlNode validated;
            try {
                validated = planner.validate(parsed);
            } catch (ValidationException e) {
                throw refusal(e);
            }
            StatementRules.checkFunctions((SqlSelect) validated);
            RelRoot relRoot = planner.rel(validated);
            RelDataType outputType = relRoot.validatedRowType;
            ObjectNode outputSchema = OutputSchema.of(outputType);
            RelNode logical = relRoot.project();
            BitSet used = UsedColumns.of(logical, rowType.getFieldCount());
            RelNode physical = planner.transform(0, logical.getTraitSet().replace(EnumerableConvention.INSTANCE),
                    logical);
            @SuppressWarnings("unchecked")
            Bindable<Object> bindable = (Bindable<Object>) (Bindable<?>) EnumerableInterpretable.toBindable(
                    new HashMap<>(), null, (EnumerableRel) physical, EnumerableRel.Prefer.ARRAY);
            return new SqlStatement(text, RowConversion.of(rowType, used), RowConversion.of(outputType), bindable,
                    root, types, streams(physical), outputSchema);
        } catch (SqlRefusedException e) {
            throw e;
        } catch (CalciteContextException e) {
            throw new SqlRefusedException(firstLine(e.getMessage()), e.getPosLine(), e.getPosColumn());
        } catch (Exception e) {
            SqlRefusedException refused = new SqlRefusedException("statement cannot be compiled: "
                    + firstLine(String.valueOf(e.getMessage())), 0, 0);
            refused.initCause(e);
            throw refused;
        } finally {
            planner.close();
        }
    }

    private static SqlRefusedException refusal(ValidationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof CalciteContextException context) {
            String message = context.getCause() != null ? context.getCause().getMessage() : context.getMessage();
            return new SqlRefusedException(firstLine(message), context.getPosLine(), context.getPosColumn());
        }
        return new SqlRefusedException(firstLine(String.valueOf(cause == null ? e.getMessage() : cause.getMessage())),
                0, 0);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Whether every operator of the plan passes rows through one at a time, in the scan's order. */
    private static boolean streams(RelNode node) {
        if (!(node instanceof EnumerableCalc || node instanceof EnumerableProject || node instanceof EnumerableFilter
                || node instanceof EnumerableTableScan)) {
            return false;
        }
        for (RelNode input : node.getInputs()) {
            if (!streams(input)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The statement's row for one typed event (the JSON record of the event's schema version), or empty when its
     * {@code WHERE} is not true. Throws {@link StepFailure} when the row cannot be computed (a cast that fails,
     * division by zero, a value out of range).
     */
    public Optional<ObjectNode> evaluate(JsonNode record) {
        FrameRows rows = new FrameRows(List.<Object[]>of(input.toRow(record)));
        try (Enumerator<Object> results = bindable.bind(new EventContext(root, types, rows)).enumerator()) {
            if (!results.moveNext()) {
                return Optional.empty();
            }
            return Optional.of(output.toJson(results.current()));
        } catch (StepFailure e) {
            throw e;
        } catch (RuntimeException | ExceptionInInitializerError e) {
            throw new StepFailure(describe(e));
        }
    }

    /**
     * The statement's results for the typed events of one frame (the JSON records of this schema version), one per
     * record in order: one execution over all of them, or — when that execution throws, or the plan does not
     * stream — one per record, so that a row that cannot be computed fails its event alone. Never throws for a
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

    /** One execution over every record; {@code null} when it threw (a record that cannot be computed). */
    private List<Result> executeOnce(List<? extends JsonNode> records) {
        List<Object[]> input = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            input.add(this.input.toRow(record));
        }
        FrameRows rows = new FrameRows(input);
        Result[] results = new Result[records.size()];
        Arrays.fill(results, Result.FILTERED);
        try (Enumerator<Object> outputs = bindable.bind(new EventContext(root, types, rows)).enumerator()) {
            while (outputs.moveNext()) {
                int from = rows.current();
                if (from < 0 || from >= results.length || results[from] != Result.FILTERED) {
                    return null; // not one row per input row at the scan's position: let each run alone
                }
                results[from] = new Result(output.toJson(outputs.current()), null);
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
