package io.inlet.lake.replay;

/** A replay request that cannot be carried out as asked (a 400 with this message). */
public class InvalidReplayException extends RuntimeException {

    public InvalidReplayException(String message) {
        super(message);
    }
}
