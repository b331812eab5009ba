package io.inlet.registry.config;

import io.inlet.registry.RegistryException;

/** The subject has no subject-level compatibility configured. */
public class SubjectConfigNotFoundException extends RegistryException {

    public SubjectConfigNotFoundException(String subject) {
        super("Subject '" + subject + "' does not have subject-level compatibility configured");
    }
}
