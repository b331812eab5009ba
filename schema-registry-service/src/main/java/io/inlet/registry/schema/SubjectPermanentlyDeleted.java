package io.inlet.registry.schema;

import io.inlet.contracts.EventType;

/**
 * Published (synchronously, inside the deleting transaction) when a subject is permanently deleted, so
 * that what is kept per subject elsewhere (e.g. its pipeline steps) goes with it.
 */
public record SubjectPermanentlyDeleted(EventType subject) {
}
