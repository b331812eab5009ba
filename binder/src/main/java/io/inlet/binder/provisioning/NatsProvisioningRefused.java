package io.inlet.binder.provisioning;

/**
 * JetStream refused a binding for a reason no retry can change (on a workqueue stream: a consumer that overlaps
 * another one, or a binding without a group), so the application must not start.
 *
 * <p>An {@link Error} on purpose: Spring Cloud Stream retries a consumer binding every
 * {@code spring.cloud.stream.binding-retry-interval} (30 s) after any exception a message-channel binder throws
 * (it stops only on an {@code IllegalStateException} or {@code IllegalArgumentException}, which such a binder cannot
 * pass through), and the application would run without ever consuming — a hang that looks healthy. This error is
 * not retried: the application context fails to start with the message, which names the stream and what to change.
 * Transient failures (NATS unreachable at start-up) stay exceptions and keep being retried.
 */
public class NatsProvisioningRefused extends Error {

    private static final long serialVersionUID = 1L;

    public NatsProvisioningRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
