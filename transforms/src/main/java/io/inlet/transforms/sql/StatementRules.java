package io.inlet.transforms.sql;

import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * What a {@code sql} step may be: one {@code SELECT … FROM event [WHERE …]}, the event maybe joined with
 * {@code UNNEST} of its own arrays — no other table, other join, sub-query, set operation, ORDER BY, LIMIT,
 * GROUP BY, aggregate or window (one event in: one row out, or with UNNEST its rows), and no function that reads
 * the clock, a random source or anything outside the event. Checked on the parsed tree (the shape) and
 * on the validated tree (the functions, once resolved).
 */
final class StatementRules {

    static final String TABLE = "event";

    /** Kinds of operator refused wherever they appear. */
    private static final Set<SqlKind> REFUSED = Set.of(SqlKind.OVER, SqlKind.WINDOW, SqlKind.MATCH_RECOGNIZE,
            SqlKind.SCALAR_QUERY, SqlKind.EXISTS, SqlKind.UNIQUE, SqlKind.CURSOR, SqlKind.COLLECTION_TABLE,
            SqlKind.LATERAL, SqlKind.UNNEST, SqlKind.TABLESAMPLE, SqlKind.ARRAY_QUERY_CONSTRUCTOR,
            SqlKind.MAP_QUERY_CONSTRUCTOR, SqlKind.MULTISET_QUERY_CONSTRUCTOR, SqlKind.DYNAMIC_PARAM);

    private StatementRules() {
    }

    /** The shape of the parsed statement; whether it unnests (an event may give several rows). */
    static boolean checkShape(SqlNode statement) {
        if (!(statement instanceof SqlSelect select)) {
            throw refused("the statement must be a single SELECT … FROM event [WHERE …], this is a "
                    + describe(statement.getKind()), statement.getParserPosition());
        }
        SqlNode from = select.getFrom();
        if (from == null) {
            throw refused("the statement must read FROM event", select.getParserPosition());
        }
        boolean unnests = checkFrom(from);
        refuseIfPresent(select.getGroup(), "GROUP BY");
        refuseIfPresent(select.getHaving(), "HAVING");
        refuseIfPresent(select.getWindowList() == null || select.getWindowList().isEmpty() ? null
                : select.getWindowList(), "WINDOW");
        refuseIfPresent(select.getOrderList() == null || select.getOrderList().isEmpty() ? null
                : select.getOrderList(), "ORDER BY");
        refuseIfPresent(select.getFetch(), "FETCH/LIMIT");
        refuseIfPresent(select.getOffset(), "OFFSET");
        refuseIfPresent(select.getQualify(), "QUALIFY");
        if (select.isDistinct()) {
            throw refused("SELECT DISTINCT is refused: a statement sees one event at a time",
                    select.getParserPosition());
        }
        select.getSelectList().accept(new Walker(false));
        if (select.getWhere() != null) {
            select.getWhere().accept(new Walker(false));
        }
        return unnests;
    }

    /**
     * {@code FROM event [AS e]}, or that joined with {@code UNNEST} of its own arrays, as many as needed:
     * {@code event e CROSS JOIN UNNEST(e.items) AS i}, {@code event e, UNNEST(e.items) WITH ORDINALITY AS i(sku, n)},
     * {@code event e LEFT JOIN UNNEST(e.items) AS i ON TRUE}. Nothing else joins.
     */
    private static boolean checkFrom(SqlNode from) {
        if (from instanceof SqlJoin join) {
            checkFrom(join.getLeft());
            SqlNode right = join.getRight();
            SqlNode unnest = right.getKind() == SqlKind.AS ? ((SqlCall) right).operand(0) : right;
            if (unnest.getKind() != SqlKind.UNNEST) {
                throw refused("only UNNEST of the event's own arrays may join the table event (no other table, "
                        + "sub-query or join)", right.getParserPosition());
            }
            boolean cross = join.getJoinType() == JoinType.CROSS || join.getJoinType() == JoinType.COMMA;
            boolean onTrue = (join.getJoinType() == JoinType.INNER || join.getJoinType() == JoinType.LEFT)
                    && join.getConditionType() == JoinConditionType.ON
                    && join.getCondition() instanceof SqlLiteral literal && Boolean.TRUE.equals(literal.getValue());
            if (!cross && !onTrue) {
                throw refused("UNNEST joins the event with CROSS JOIN, a comma, or [LEFT] JOIN … ON TRUE",
                        join.getParserPosition());
            }
            List<SqlNode> arrays = ((SqlCall) unnest).getOperandList();
            if (arrays.size() != 1) {
                throw refused("UNNEST takes one array here; unnest two arrays with two UNNESTs",
                        unnest.getParserPosition());
            }
            arrays.get(0).accept(new Walker(false));
            return true;
        }
        SqlNode table = from.getKind() == SqlKind.AS ? ((SqlCall) from).operand(0) : from;
        if (!(table instanceof SqlIdentifier id) || !id.isSimple() || !id.getSimple().equals(TABLE)) {
            throw refused("FROM must name the table event and nothing else (no other table, sub-query or join; "
                    + "UNNEST of the event's arrays may follow it)", from.getParserPosition());
        }
        return false;
    }

    /** The functions of the validated statement, now that each call names its resolved operator. */
    static void checkFunctions(SqlSelect validated) {
        Walker walker = new Walker(true);
        validated.getSelectList().accept(walker);
        if (validated.getWhere() != null) {
            validated.getWhere().accept(walker);
        }
        unnestedArrays(validated.getFrom(), walker);
    }

    /**
     * An {@code UNNEST} of an array of objects with two or more fields takes no column list: the list renames by
     * position, and the fields' order is the registry's canonical one (alphabetical), not the order a schema was
     * written in — {@code AS i(sku, quantity)} would silently swap columns. The fields are named as they are
     * ({@code i.sku}); {@code WITH ORDINALITY} adds {@code i.ORDINALITY}.
     */
    static void checkUnnestColumns(SqlNode from, java.util.function.Function<SqlNode, RelDataType> typeOf) {
        if (!(from instanceof SqlJoin join)) {
            return;
        }
        checkUnnestColumns(join.getLeft(), typeOf);
        if (join.getRight() instanceof SqlCall as && as.getKind() == SqlKind.AS && as.operandCount() > 2) {
            SqlNode array = ((SqlCall) as.operand(0)).operand(0);
            RelDataType type = typeOf.apply(array);
            RelDataType items = type == null ? null : type.getComponentType();
            if (items != null && items.isStruct() && items.getFieldCount() > 1) {
                throw refused("name the fields of an array of objects as they are (" + as.operand(1) + "."
                        + items.getFieldList().get(0).getName() + "), without a column list: the list renames by "
                        + "position, and the fields are in the registry's canonical order (" + String.join(", ",
                        items.getFieldNames()) + "); WITH ORDINALITY's column is " + as.operand(1) + ".ORDINALITY",
                        as.getParserPosition());
            }
        }
    }

    private static void unnestedArrays(SqlNode from, Walker walker) {
        if (from instanceof SqlJoin join) {
            unnestedArrays(join.getLeft(), walker);
            SqlNode right = join.getRight();
            SqlNode unnest = right.getKind() == SqlKind.AS ? ((SqlCall) right).operand(0) : right;
            for (SqlNode array : ((SqlCall) unnest).getOperandList()) {
                array.accept(walker);
            }
        }
    }

    private static void refuseIfPresent(SqlNode node, String clause) {
        if (node != null) {
            throw refused(clause + " is refused: a statement sees one event at a time, not a table",
                    node.getParserPosition());
        }
    }

    private static String describe(SqlKind kind) {
        return switch (kind) {
            case INSERT, UPDATE, DELETE, MERGE -> kind + " (data changes are refused)";
            case UNION, INTERSECT, EXCEPT -> kind + " (set operations are refused)";
            case ORDER_BY -> "query with ORDER BY (refused: a statement sees one event at a time)";
            case VALUES -> "VALUES (it must read FROM event)";
            default -> kind.toString().replace('_', ' ');
        };
    }

    static SqlRefusedException refused(String message, SqlParserPos pos) {
        return pos == null || pos == SqlParserPos.ZERO ? new SqlRefusedException(message, 0, 0)
                : new SqlRefusedException(message, pos.getLineNum(), pos.getColumnNum());
    }

    private static final class Walker extends SqlBasicVisitor<Void> {

        private final boolean resolved;

        Walker(boolean resolved) {
            this.resolved = resolved;
        }

        @Override
        public Void visit(SqlCall call) {
            if (call instanceof SqlSelect || call.getKind() == SqlKind.SELECT || call.getKind().belongsTo(SqlKind.QUERY)) {
                throw refused("sub-queries are refused: a statement reads the one event only", call.getParserPosition());
            }
            if (REFUSED.contains(call.getKind())) {
                throw refused(call.getKind().toString().replace('_', ' ') + " is refused in a sql step",
                        call.getParserPosition());
            }
            SqlOperator operator = call.getOperator();
            if (resolved && call instanceof SqlBasicCall) {
                if (operator.isAggregator()) {
                    throw refused("aggregate " + operator.getName() + " is refused: a statement sees one event at "
                            + "a time", call.getParserPosition());
                }
                if (operator.isDynamicFunction() || !operator.isDeterministic()) {
                    throw refused(operator.getName() + " is refused: a statement must give the same row for the "
                            + "same event (no clock, no random values)", call.getParserPosition());
                }
            }
            return super.visit(call);
        }
    }
}
