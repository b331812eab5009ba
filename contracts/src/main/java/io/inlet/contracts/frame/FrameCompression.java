package io.inlet.contracts.frame;

/**
 * How a stage compresses the frames it publishes ({@link FrameCodec#compressed}). Readers need no setting: a frame
 * says in its version whether it is compressed, and every reader reads both.
 */
public enum FrameCompression {

    /** Frames go out as {@link FrameCodec#encode} writes them (format version {@value FrameCodec#PLAIN_VERSION}). */
    NONE,

    /**
     * The frame's body as one zstd frame at level {@value FrameCodec#ZSTD_LEVEL} (format version
     * {@value FrameCodec#FORMAT_VERSION}); a frame that would not get smaller goes out as it is.
     */
    ZSTD
}
