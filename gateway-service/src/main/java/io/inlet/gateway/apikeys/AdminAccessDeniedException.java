package io.inlet.gateway.apikeys;

import io.inlet.gateway.GatewayException;

/** The admin API was called with a credential that is not the admin credential (or none is configured). */
public class AdminAccessDeniedException extends GatewayException {

    public AdminAccessDeniedException(String message) {
        super("admin-access-denied", message);
    }
}
