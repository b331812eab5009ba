package io.inlet.testsupport;

/** Outcome of probing one source of infrastructure; {@code detail} explains a failure in the final error message. */
record Availability(boolean available, String detail) {

    static Availability yes() {
        return new Availability(true, "available");
    }

    static Availability no(String detail) {
        return new Availability(false, detail);
    }

    static Availability no(Throwable cause) {
        String message = cause.getMessage();
        return no(cause.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
}
