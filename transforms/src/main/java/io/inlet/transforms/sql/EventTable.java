package io.inlet.transforms.sql;

import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import tools.jackson.databind.JsonNode;

/**
 * The table {@code event} a statement reads: the rows of the current evaluation, per thread (a compiled statement
 * is shared by the threads of a stage; each evaluates its own rows).
 */
final class EventTable extends AbstractTable implements ScannableTable {

    private final JsonNode schema;
    private final ThreadLocal<List<Object[]>> rows = ThreadLocal.withInitial(List::of);

    EventTable(JsonNode schema) {
        this.schema = schema;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return EventRowType.of(schema, typeFactory);
    }

    void set(List<Object[]> current) {
        rows.set(current);
    }

    void clear() {
        rows.remove();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        return Linq4j.asEnumerable(rows.get());
    }
}
