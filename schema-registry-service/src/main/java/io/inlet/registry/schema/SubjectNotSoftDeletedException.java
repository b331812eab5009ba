package io.inlet.registry.schema;

import io.inlet.registry.RegistryException;

/** A permanent delete of a subject that still has live versions. */
public class SubjectNotSoftDeletedException extends RegistryException {

    public SubjectNotSoftDeletedException(String subject) {
        super("Subject '" + subject + "' was not deleted first before being permanently deleted");
    }
}
