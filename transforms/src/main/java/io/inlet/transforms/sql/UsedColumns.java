package io.inlet.transforms.sql;

import java.util.BitSet;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;

/**
 * The columns of {@code event} a statement reads, from its logical plan (projections and filters over the scan),
 * so that only those are converted from each event's JSON. Any other shape of plan reads every column.
 */
final class UsedColumns {

    private UsedColumns() {
    }

    static BitSet of(RelNode plan, int columns) {
        BitSet all = new BitSet();
        all.set(0, plan.getRowType().getFieldCount());
        BitSet used = new BitSet(columns);
        if (!collect(plan, all, used)) {
            used.set(0, columns);
        }
        return used;
    }

    /**
     * Adds to {@code used} the scan columns that {@code needed} (columns of {@code node}'s output) depend on;
     * {@code false} when the plan has a node this reading does not know.
     */
    private static boolean collect(RelNode node, BitSet needed, BitSet used) {
        if (node instanceof TableScan) {
            used.or(needed);
            return true;
        }
        if (node instanceof Project project) {
            // a projection's output columns are its expressions: its input is needed for what they read
            BitSet input = new BitSet();
            for (int i = needed.nextSetBit(0); i >= 0; i = needed.nextSetBit(i + 1)) {
                input.or(RelOptUtil.InputFinder.bits(project.getProjects().get(i)).toBitSet());
            }
            return collect(project.getInput(), input, used);
        }
        if (node instanceof Filter filter) {
            // a filter passes its input's columns through, and reads its condition's
            BitSet input = (BitSet) needed.clone();
            input.or(RelOptUtil.InputFinder.bits(filter.getCondition()).toBitSet());
            return collect(filter.getInput(), input, used);
        }
        return false;
    }
}
