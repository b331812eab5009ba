package io.inlet.transforms.sql;

import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import tools.jackson.databind.JsonNode;

/**
 * The table {@code event} a statement reads: the rows of the current execution, which its {@link EventContext}
 * carries ({@link FrameRows}). A compiled statement is shared by the threads of a stage; each execution brings its
 * own rows, so nothing here is per thread.
 */
final class EventTable extends AbstractTable implements TranslatableTable {

    private final JsonNode schema;

    EventTable(JsonNode schema) {
        this.schema = schema;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return EventRowType.of(schema, typeFactory);
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        return new EventScan(context.getCluster(), relOptTable);
    }
}
