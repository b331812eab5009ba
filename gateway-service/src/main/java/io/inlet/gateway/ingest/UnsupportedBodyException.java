package io.inlet.gateway.ingest;

import io.inlet.gateway.GatewayException;
import java.util.List;

/** The body's media type, charset or content encoding is not one the gateway reads. */
public class UnsupportedBodyException extends GatewayException {

    public UnsupportedBodyException(String reason, String message, List<String> supported) {
        super(reason, message);
        with("supported", supported);
    }
}
