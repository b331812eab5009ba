package io.inlet.binder.connection;

/** NATS has not been reached yet; the binder keeps trying in the background. */
public class NatsNotConnectedException extends IllegalStateException {

    public NatsNotConnectedException(String servers) {
        super("NATS at " + servers + " is not connected yet");
    }
}
