package io.inlet.registry.schema;

import io.inlet.registry.RegistryException;

/** A permanent delete of a version that was not soft-deleted first. */
public class VersionNotSoftDeletedException extends RegistryException {

    public VersionNotSoftDeletedException(String subject, int version) {
        super("Subject '" + subject + "' Version " + version
                + " was not deleted first before being permanently deleted");
    }
}
