package io.inlet.lake.buffer;

/**
 * The lakes: validated events; events that failed somewhere, with the reason; and the envelopes of valid events a
 * pipeline step filtered, with the step (in the error lake's bucket, table {@code <type>@filtered}).
 */
public enum Lake {
    DATA("data"),
    ERRORS("errors"),
    FILTERED("filtered");

    private final String id;

    Lake(String id) {
        this.id = id;
    }

    /** The name used in the commit log and the read API. */
    public String id() {
        return id;
    }

    public static Lake fromId(String id) {
        for (Lake lake : values()) {
            if (lake.id.equals(id)) {
                return lake;
            }
        }
        throw new IllegalArgumentException("unknown lake '" + id + "' (data, errors or filtered)");
    }
}
