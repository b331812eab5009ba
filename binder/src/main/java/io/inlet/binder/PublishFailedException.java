package io.inlet.binder;

import org.springframework.messaging.MessagingException;

/** JetStream did not confirm a publish: it failed, or its PubAck did not come in time. */
public class PublishFailedException extends MessagingException {

    private final String subject;

    public PublishFailedException(String subject, String reason, Throwable cause) {
        super("Publish to '" + subject + "' was not acknowledged by JetStream: " + reason, cause);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
