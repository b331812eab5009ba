package io.inlet.transforms.sql;

import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;

/**
 * The scan of table {@code event}: the execution's rows as they are ({@link FrameRows}), already in Calcite's row
 * format ({@code Object[]} per row, a {@code ROW} an {@code Object[]}, an {@code ARRAY} a {@code List}), so the
 * generated code converts nothing. Calcite's own {@code EnumerableTableScan} would convert every row of a table
 * with an {@code ARRAY} column, and cannot generate that conversion for an {@code ARRAY} of {@code ROW} (Calcite
 * 1.42: {@code Linq4j.asEnumerable} on an {@code Object}, which Janino refuses).
 */
public final class EventScan extends TableScan implements EnumerableRel {

    EventScan(RelOptCluster cluster, RelOptTable table) {
        super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), List.of(), table);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return this;
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
        return implementor.result(physType, Blocks.toBlock(Expressions.call(EventScan.class, "rows",
                implementor.getRootExpression())));
    }

    /** Called by the generated code: the rows of the execution {@code root} belongs to. */
    public static Enumerable<Object[]> rows(DataContext root) {
        Object rows = root.get(FrameRows.VARIABLE);
        if (!(rows instanceof FrameRows frame)) {
            throw new IllegalStateException("table event scanned outside an execution of its statement");
        }
        return frame.enumerable();
    }
}
