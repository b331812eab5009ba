package io.inlet.registry;

/**
 * Base of the registry's domain exceptions. They carry no HTTP knowledge: the web layer maps each
 * subclass to a status and a Confluent error code in one table.
 */
public abstract class RegistryException extends RuntimeException {

    protected RegistryException(String message) {
        super(message);
    }
}
