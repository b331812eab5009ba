package io.inlet.transforms.sql;

import io.inlet.columns.Column;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * The table {@code event} a statement reads: the rows of the current execution, which its {@link EventContext}
 * carries ({@link FrameRows}). A compiled statement is shared by the threads of a stage; each execution brings its
 * own rows, so nothing here is per thread.
 */
final class EventTable extends AbstractTable implements TranslatableTable {

    private final Column.Struct columns;

    /** @param columns the schema version's columns, mapped once per compile */
    EventTable(Column.Struct columns) {
        this.columns = columns;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return EventRowType.of(columns, typeFactory);
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        return new EventScan(context.getCluster(), relOptTable);
    }
}
