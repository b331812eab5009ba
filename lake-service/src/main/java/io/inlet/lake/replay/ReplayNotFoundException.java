package io.inlet.lake.replay;

/** No replay has this id (a 404). */
public class ReplayNotFoundException extends RuntimeException {

    public ReplayNotFoundException(String id) {
        super("no replay " + id);
    }
}
