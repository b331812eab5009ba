package io.inlet.registry.schema;

import io.inlet.registry.RegistryException;

/** The subject has no version (or only soft-deleted ones where those are not asked for). */
public class SubjectNotFoundException extends RegistryException {

    public SubjectNotFoundException(String subject) {
        super("Subject '" + subject + "' not found.");
    }
}
