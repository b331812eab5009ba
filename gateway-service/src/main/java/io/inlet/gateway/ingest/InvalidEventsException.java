package io.inlet.gateway.ingest;

import io.inlet.gateway.GatewayException;

/** The body is not what its content type promises: malformed JSON, not an object, a bad id, and so on. */
public class InvalidEventsException extends GatewayException {

    public InvalidEventsException(String reason, String message) {
        super(reason, message);
    }

    public InvalidEventsException(String reason, String message, Throwable cause) {
        super(reason, message, cause);
    }

    public InvalidEventsException atEvent(Integer index) {
        with("eventIndex", index);
        return this;
    }

    public InvalidEventsException at(Integer line, Integer column) {
        with("line", line);
        with("column", column);
        return this;
    }

    public InvalidEventsException withProperty(String name, Object value) {
        with(name, value);
        return this;
    }
}
