package io.inlet.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the gateway refuses or cannot serve. Subclasses say why in domain terms only: a stable
 * {@link #reason() reason} (also the {@code reason} tag of the rejects metric and the tail of the
 * problem type) and extra {@link #properties() properties} such as the limit and its value. The
 * HTTP status is chosen in one place, {@code io.inlet.gateway.problem.GatewayProblemAdvice}.
 */
public abstract class GatewayException extends RuntimeException {

    private final String reason;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    protected GatewayException(String reason, String message) {
        this(reason, message, null);
    }

    protected GatewayException(String reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    /** Stable, kebab-case, e.g. {@code body-too-large}. */
    public String reason() {
        return reason;
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    /** Adds a property (ignored when {@code value} is null); returns this for chaining. */
    protected GatewayException with(String name, Object value) {
        if (value != null) {
            properties.put(name, value);
        }
        return this;
    }
}
