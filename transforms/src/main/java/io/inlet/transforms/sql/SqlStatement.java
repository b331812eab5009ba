package io.inlet.transforms.sql;

import io.inlet.transforms.StepFailure;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
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
 * to Java by Calcite) and then evaluated per event with no planning: {@link #evaluate} binds the event as the
 * table's one row and reads at most one row back. Safe to share between threads.
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
    private final EventTable table;
    private final RowConversion input;
    private final RowConversion output;
    private final Bindable<Object> bindable;
    private final DataContext context;
    private final ObjectNode outputSchema;

    private SqlStatement(String text, EventTable table, RowConversion input, RowConversion output,
            Bindable<Object> bindable, DataContext context, ObjectNode outputSchema) {
        this.text = text;
        this.table = table;
        this.input = input;
        this.output = output;
        this.bindable = bindable;
        this.context = context;
        this.outputSchema = outputSchema;
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
        EventTable table = new EventTable(eventSchema);
        root.add(StatementRules.TABLE, table);
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
            return new SqlStatement(text, table, RowConversion.of(rowType, used), RowConversion.of(outputType), bindable,
                    new EventContext(root, types), outputSchema);
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

    /**
     * The statement's row for one typed event (the JSON record of the event's schema version), or empty when its
     * {@code WHERE} is not true. Throws {@link StepFailure} when the row cannot be computed (a cast that fails,
     * division by zero, a value out of range).
     */
    public Optional<ObjectNode> evaluate(JsonNode record) {
        Object[] row = input.toRow(record);
        table.set(List.<Object[]>of(row));
        try (Enumerator<Object> rows = bindable.bind(context).enumerator()) {
            if (!rows.moveNext()) {
                return Optional.empty();
            }
            return Optional.of(output.toJson(rows.current()));
        } catch (StepFailure e) {
            throw e;
        } catch (RuntimeException | ExceptionInInitializerError e) {
            throw new StepFailure(describe(e));
        } finally {
            table.clear();
        }
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
