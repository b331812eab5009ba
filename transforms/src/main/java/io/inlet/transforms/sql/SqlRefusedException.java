package io.inlet.transforms.sql;

/**
 * A statement that cannot be a {@code sql} step: it does not parse, names an unknown column, is not a single SELECT
 * over {@code event}, calls a function that is not allowed, or has an output column that cannot be typed. Carries
 * where in the statement the problem is (1-based line and column; 0 when it concerns the whole statement).
 */
public class SqlRefusedException extends IllegalArgumentException {

    private final int line;
    private final int column;

    public SqlRefusedException(String message, int line, int column) {
        super(line > 0 ? message + " (at line " + line + ", column " + column + ")" : message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
