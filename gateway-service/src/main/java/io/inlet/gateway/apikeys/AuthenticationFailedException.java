package io.inlet.gateway.apikeys;

import io.inlet.gateway.GatewayException;

/** No credential, a malformed one, or one that is unknown or revoked. */
public class AuthenticationFailedException extends GatewayException {

    public AuthenticationFailedException(String reason, String message) {
        super(reason, message);
    }
}
