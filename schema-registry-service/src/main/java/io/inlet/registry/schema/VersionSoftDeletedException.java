package io.inlet.registry.schema;

import io.inlet.registry.RegistryException;

/** A soft delete of a version that is soft-deleted already. */
public class VersionSoftDeletedException extends RegistryException {

    public VersionSoftDeletedException(String subject, int version) {
        super("Subject '" + subject + "' Version " + version
                + " was soft deleted. Set permanent=true to delete permanently");
    }
}
