package io.inlet.lake.dryrun;

/** The registered version a dry run names does not exist (404). */
public class CandidateNotFoundException extends RuntimeException {

    public CandidateNotFoundException(String message) {
        super(message);
    }
}
