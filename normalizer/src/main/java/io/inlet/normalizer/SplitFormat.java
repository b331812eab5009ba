package io.inlet.normalizer;

/** How a body carries its events. */
public enum SplitFormat {
    /** One event object, or an array of event objects. */
    JSON,
    /** One event object per line; blank lines are skipped. */
    NDJSON,
    /** Whichever of {@link #JSON} and {@link #NDJSON} the body is: NDJSON when a second value starts on a later line. */
    AUTO,
    /** One structured-mode CloudEvent: its {@code data} is the event. */
    CLOUDEVENT,
    /** An array of structured-mode CloudEvents. */
    CLOUDEVENTS_BATCH,
    /** Exactly one event object: the data of a binary-mode CloudEvent (its attributes travel outside the body). */
    SINGLE_OBJECT
}
