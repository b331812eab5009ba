package io.inlet.binder.connection;

/**
 * NATS refused the binder's credentials: the application stops at start-up with this, naming the servers, the user
 * and the server's reason, never a password, token or key.
 */
public class NatsCredentialsRefusedException extends IllegalStateException {

    public NatsCredentialsRefusedException(String servers, String user, String serverError) {
        super("NATS at " + servers + " refused the credentials" + (user == null ? "" : " of user '" + user + "'")
                + " (" + serverError + "): check spring.cloud.stream.nats.binder.username and .password (or .token, "
                + ".credentials-file) against the server's authorization settings");
    }
}
