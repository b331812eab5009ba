package io.inlet.transforms.sql;

import java.util.List;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * The rows of table {@code event} for one execution of a statement (a frame's typed events, or one event), and
 * which of them the scan read last. A statement's plan only streams (see {@link SqlStatement}): when it gives a
 * row, that row was computed from the input row the scan is on, so {@link #current()} maps each output row back
 * to its event. One per execution, never shared between threads.
 */
final class FrameRows {

    /** The name under which {@link EventContext} hands the rows to {@link EventTable#scan}. */
    static final String VARIABLE = "inlet.frame.rows";

    private final List<Object[]> rows;
    private int current = -1;

    FrameRows(List<Object[]> rows) {
        this.rows = rows;
    }

    /** The position of the input row the scan read last; {@code -1} before the first. */
    int current() {
        return current;
    }

    Enumerable<Object[]> enumerable() {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return new Enumerator<>() {
                    @Override
                    public Object[] current() {
                        return rows.get(current);
                    }

                    @Override
                    public boolean moveNext() {
                        if (current + 1 >= rows.size()) {
                            current = rows.size();
                            return false;
                        }
                        current++;
                        return true;
                    }

                    @Override
                    public void reset() {
                        current = -1;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }
}
