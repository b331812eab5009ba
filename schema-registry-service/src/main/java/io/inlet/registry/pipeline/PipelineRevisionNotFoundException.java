package io.inlet.registry.pipeline;

/** A revision of a subject's pipeline that was never declared. */
public class PipelineRevisionNotFoundException extends RuntimeException {

    public PipelineRevisionNotFoundException(String subject, long revision) {
        super("Subject '" + subject + "' has no pipeline revision " + revision + ".");
    }
}
