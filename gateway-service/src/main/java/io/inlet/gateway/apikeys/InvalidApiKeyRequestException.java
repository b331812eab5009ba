package io.inlet.gateway.apikeys;

import io.inlet.gateway.GatewayException;

/** A create-key request the admin API cannot honour, e.g. an invalid event type pattern. */
public class InvalidApiKeyRequestException extends GatewayException {

    public InvalidApiKeyRequestException(String message) {
        super("invalid-api-key-request", message);
    }
}
