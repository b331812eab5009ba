package io.inlet.lake.buffer;

/** The two lakes: validated events, and events that failed somewhere, with the reason. */
public enum Lake {
    DATA("data"),
    ERRORS("errors");

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
        throw new IllegalArgumentException("unknown lake '" + id + "' (data or errors)");
    }
}
