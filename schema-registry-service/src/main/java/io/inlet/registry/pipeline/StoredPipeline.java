package io.inlet.registry.pipeline;

import tools.jackson.databind.node.ArrayNode;

/** The steps of a subject's pipeline (canonical JSON) and their revision; revision 0 = never declared. */
public record StoredPipeline(String subject, long revision, ArrayNode steps) {
}
