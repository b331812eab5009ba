package io.inlet.transforms.sql;

import java.util.Locale;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * What one execution of a compiled statement sees: the schema holding {@code event}, the execution's rows
 * ({@link FrameRows}), UTC, no clock, no connection.
 */
final class EventContext implements DataContext {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private final SchemaPlus root;
    private final JavaTypeFactory types;
    private final FrameRows rows;

    EventContext(SchemaPlus root, JavaTypeFactory types, FrameRows rows) {
        this.root = root;
        this.types = types;
        this.rows = rows;
    }

    @Override
    public SchemaPlus getRootSchema() {
        return root;
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
        return types;
    }

    @Override
    public QueryProvider getQueryProvider() {
        return null;
    }

    @Override
    public Object get(String name) {
        if (FrameRows.VARIABLE.equals(name)) {
            return rows;
        }
        if (Variable.TIME_ZONE.camelName.equals(name)) {
            return UTC;
        }
        if (Variable.LOCALE.camelName.equals(name)) {
            return Locale.ROOT;
        }
        if (Variable.CANCEL_FLAG.camelName.equals(name)) {
            return new AtomicBoolean();
        }
        return null;
    }
}
