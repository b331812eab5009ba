package io.inlet.registry.pipeline;

/** {@code If-Match} named a revision that is no longer the stored one. */
class RevisionMismatchException extends RuntimeException {

    RevisionMismatchException(String subject, long expected, long actual) {
        super("The pipeline of subject '" + subject + "' is at revision " + actual + ", not " + expected
                + " (If-Match): re-read it and apply your change again");
    }
}
