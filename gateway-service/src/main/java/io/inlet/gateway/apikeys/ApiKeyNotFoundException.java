package io.inlet.gateway.apikeys;

import io.inlet.gateway.GatewayException;

public class ApiKeyNotFoundException extends GatewayException {

    public ApiKeyNotFoundException(String id) {
        super("api-key-not-found", "No API key with id '" + id.replaceAll("[^A-Za-z0-9_-]", "?") + "'");
    }
}
