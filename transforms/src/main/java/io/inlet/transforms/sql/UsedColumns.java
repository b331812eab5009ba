package io.inlet.transforms.sql;

import java.util.BitSet;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;

/**
 * The columns of {@code event} a statement reads, from its logical plan (projections and filters right above the
 * scan), so that only those are converted from each event's JSON. Any other shape of plan reads every column.
 */
final class UsedColumns {

    private UsedColumns() {
    }

    static BitSet of(RelNode plan, int columns) {
        BitSet used = new BitSet(columns);
        if (!collect(plan, used)) {
            used.set(0, columns);
        }
        return used;
    }

    /** {@code false} when the plan has a node this reading does not know. */
    private static boolean collect(RelNode node, BitSet used) {
        if (node instanceof TableScan) {
            return true;
        }
        if (node.getInputs().size() != 1) {
            return false;
        }
        RelNode input = node.getInput(0);
        if (input instanceof TableScan) {
            if (node instanceof Project project) {
                used.or(RelOptUtil.InputFinder.bits(project.getProjects(), null).toBitSet());
            } else if (node instanceof Filter filter) {
                used.or(RelOptUtil.InputFinder.bits(filter.getCondition()).toBitSet());
            } else {
                return false;
            }
            return true;
        }
        // a projection or filter above another one only reads what the lower one gives
        return (node instanceof Project || node instanceof Filter) && collect(input, used);
    }
}
