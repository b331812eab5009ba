package io.inlet.registry.compat;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Applies a {@link CompatibilityLevel} to a candidate schema and the live versions of its subject. */
@Component
public class CompatibilityChecker {

    /** A live version of the subject, as the checker needs it. */
    public record PreviousVersion(int version, JsonNode schema) {
    }

    /** Under the {@link CompatibilityPolicy#LENIENT lenient} policy. */
    public List<Incompatibility> check(CompatibilityLevel level, JsonNode candidate, List<PreviousVersion> previous) {
        return check(level, CompatibilityPolicy.LENIENT, candidate, previous);
    }

    /**
     * @param previous the subject's live versions, oldest first
     * @return every incompatibility found; empty when the candidate may be registered
     */
    public List<Incompatibility> check(CompatibilityLevel level, CompatibilityPolicy policy, JsonNode candidate,
                                       List<PreviousVersion> previous) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return List.of();
        }
        List<PreviousVersion> against = level.transitive()
                ? previous : List.of(previous.get(previous.size() - 1));
        List<Incompatibility> result = new ArrayList<>();
        for (PreviousVersion old : against) {
            String oldName = "version " + old.version();
            if (level.backward()) {
                new JsonSchemaCompatibility("new schema", oldName, policy)
                        .readerAcceptsWriter(candidate, old.schema())
                        .forEach(i -> result.add(i.within("BACKWARD against " + oldName)));
            }
            if (level.forward()) {
                new JsonSchemaCompatibility(oldName, "new schema", policy)
                        .readerAcceptsWriter(old.schema(), candidate)
                        .forEach(i -> result.add(i.within("FORWARD against " + oldName)));
            }
        }
        return result;
    }
}
