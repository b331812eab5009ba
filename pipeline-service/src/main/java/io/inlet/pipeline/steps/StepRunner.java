package io.inlet.pipeline.steps;

import io.inlet.contracts.Violation;
import io.inlet.transforms.PipelineStep;
import io.inlet.transforms.StepFailure;
import io.inlet.transforms.StepPointer;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies an event type's pipeline steps, in order, to one typed record. Never throws for the event:
 * a step that cannot be applied is a {@link StepsResult.Failed} naming the step (its index, its type as
 * the violation keyword, its path as the pointer); a false filter is a {@link StepsResult.Filtered}.
 * Expressions see the record as it is after the steps before them.
 */
public final class StepRunner {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private StepRunner() {
    }

    /** {@code record} is not changed; {@link StepsResult.Kept} holds a transformed copy. */
    public static StepsResult run(JsonNode record, List<PipelineStep> steps) {
        if (steps.isEmpty()) {
            return new StepsResult.Kept(record);
        }
        if (!record.isObject()) {
            return new StepsResult.Failed(0, new Violation("", steps.get(0).type(),
                    "pipeline steps apply to JSON objects, the event is a " + record.getNodeType()));
        }
        ObjectNode event = ((ObjectNode) record).deepCopy();
        for (int i = 0; i < steps.size(); i++) {
            PipelineStep step = steps.get(i);
            try {
                if (!apply(step, event)) {
                    return new StepsResult.Filtered(i);
                }
            } catch (StepFailure e) {
                return new StepsResult.Failed(i, new Violation(step.pointer(), step.type(),
                        "pipeline step " + i + " (" + step.type() + "): " + e.getMessage()));
            }
        }
        return new StepsResult.Kept(event);
    }

    /** Applies one step; {@code false} if it was a filter that rejected the event. */
    private static boolean apply(PipelineStep step, ObjectNode event) {
        if (step instanceof PipelineStep.Rename rename) {
            JsonNode value = remove(event, rename.from());
            if (value == null) {
                if (rename.required()) {
                    throw new StepFailure("the event has no " + rename.from() + " to rename");
                }
                return true;
            }
            ObjectNode parent = parentOf(event, rename.to(), true);
            String name = last(rename.to());
            if (parent.has(name)) {
                throw new StepFailure(rename.to() + " already exists; a rename does not overwrite");
            }
            parent.set(name, value);
        } else if (step instanceof PipelineStep.Drop drop) {
            remove(event, drop.path());
        } else if (step instanceof PipelineStep.Derive derive) {
            Object value = derive.expression().evaluate(asMap(event));
            parentOf(event, derive.path(), true).set(last(derive.path()), toJson(value));
        } else if (step instanceof PipelineStep.Filter filter) {
            Object keep = filter.expression().evaluate(asMap(event));
            if (keep instanceof Boolean decision) {
                return decision;
            }
            throw new StepFailure("the filter expression must be true or false, was "
                    + (keep == null ? "null" : keep.getClass().getSimpleName() + " " + keep));
        } else {
            throw new StepFailure("step type '" + step.type() + "' is not supported by this pipeline-service");
        }
        return true;
    }

    private static Map<String, Object> asMap(ObjectNode event) {
        return JSON.convertValue(event, MAP);
    }

    private static JsonNode toJson(Object value) {
        if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
            throw new StepFailure("the expression gave " + value + ", which JSON cannot hold");
        }
        try {
            return JSON.valueToTree(value);
        } catch (RuntimeException e) {
            throw new StepFailure("the expression gave a value JSON cannot hold: " + e.getMessage());
        }
    }

    /** Removes and returns the value at {@code pointer}, or {@code null} if there is none. */
    private static JsonNode remove(ObjectNode event, StepPointer pointer) {
        ObjectNode parent = parentOf(event, pointer, false);
        return parent == null ? null : parent.remove(last(pointer));
    }

    /**
     * The object holding the pointer's last segment; with {@code create}, missing objects on the way
     * are created, else {@code null} if one is missing. A non-object on the way is a failure.
     */
    private static ObjectNode parentOf(ObjectNode event, StepPointer pointer, boolean create) {
        ObjectNode current = event;
        List<String> segments = pointer.segments();
        for (int i = 0; i < segments.size() - 1; i++) {
            JsonNode next = current.get(segments.get(i));
            if (next == null || next.isNull()) {
                if (!create) {
                    return null;
                }
                next = current.putObject(segments.get(i));
            } else if (!next.isObject()) {
                throw new StepFailure("/" + String.join("/", segments.subList(0, i + 1)) + " is a "
                        + next.getNodeType() + ", not an object, so " + pointer + " cannot be reached");
            }
            current = (ObjectNode) next;
        }
        return current;
    }

    private static String last(StepPointer pointer) {
        return pointer.segments().get(pointer.segments().size() - 1);
    }
}
