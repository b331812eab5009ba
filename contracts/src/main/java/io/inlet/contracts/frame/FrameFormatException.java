package io.inlet.contracts.frame;

/**
 * The bytes are not a frame this reader can read: truncated, garbled (checksum mismatch), of a newer format
 * version, or with a value out of range. The message says which and where; the bytes go to the error lake as
 * they are.
 */
public class FrameFormatException extends RuntimeException {

    public FrameFormatException(String message) {
        super(message);
    }

    public FrameFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
