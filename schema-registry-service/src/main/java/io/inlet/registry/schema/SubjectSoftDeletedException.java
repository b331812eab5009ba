package io.inlet.registry.schema;

import io.inlet.registry.RegistryException;

/** A soft delete of a subject whose versions are all soft-deleted already. */
public class SubjectSoftDeletedException extends RegistryException {

    public SubjectSoftDeletedException(String subject) {
        super("Subject '" + subject + "' was soft deleted. Set permanent=true to delete permanently");
    }
}
