package io.inlet.gateway.ingest;

import io.inlet.gateway.GatewayException;

/** A request or one of its events is larger, deeper or longer than a configured limit allows. */
public class LimitExceededException extends GatewayException {

    /** The limits, named as their configuration properties under {@code inlet.gateway.limits}. */
    public enum Limit {
        MAX_BODY_SIZE("max-body-size", "body-too-large", true),
        MAX_EVENTS_PER_REQUEST("max-events-per-request", "too-many-events", true),
        MAX_EVENT_SIZE("max-event-size", "event-too-large", true),
        MAX_DEPTH("max-depth", "too-deep", false),
        MAX_STRING_LENGTH("max-string-length", "string-too-long", false),
        MAX_ID_LENGTH("max-id-length", "id-too-long", false);

        private final String propertyName;
        private final String reason;
        private final boolean size;

        Limit(String propertyName, String reason, boolean size) {
            this.propertyName = propertyName;
            this.reason = reason;
            this.size = size;
        }

        public String propertyName() {
            return propertyName;
        }

        /** A limit on how much a request carries (as opposed to the shape of an event). */
        public boolean isSize() {
            return size;
        }
    }

    private final Limit limit;

    public LimitExceededException(Limit limit, long value, String message) {
        super(limit.reason, message);
        this.limit = limit;
        with("limit", limit.propertyName());
        with("limitValue", value);
    }

    public Limit limit() {
        return limit;
    }

    /** Adds the index of the offending event in the request (0-based). */
    public LimitExceededException atEvent(Integer index) {
        with("eventIndex", index);
        return this;
    }

    /** Adds where in the body the breach was found. */
    public LimitExceededException at(Integer line, Integer column) {
        with("line", line);
        with("column", column);
        return this;
    }
}
