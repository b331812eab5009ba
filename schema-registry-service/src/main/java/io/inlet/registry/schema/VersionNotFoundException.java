package io.inlet.registry.schema;

import io.inlet.registry.RegistryException;

/** The subject exists but not in this version. */
public class VersionNotFoundException extends RegistryException {

    public VersionNotFoundException(int version) {
        super("Version " + version + " not found.");
    }
}
