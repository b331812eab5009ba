package io.inlet.registry.pipeline;

import io.inlet.registry.compat.Incompatibility;
import java.util.List;

/**
 * A new sql statement's output row type cannot stand in for the stored one's under the subject's compatibility
 * level (it drops or retypes an output column the lake's table has): the same check as a new schema version.
 */
class IncompatibleOutputException extends RuntimeException {

    private final List<Incompatibility> incompatibilities;

    IncompatibleOutputException(String subject, long revision, List<Incompatibility> incompatibilities) {
        super("The statement's output is incompatible with the output of revision " + revision + " of subject '"
                + subject + "' under its compatibility level: " + incompatibilities.size()
                + (incompatibilities.size() == 1 ? " incompatibility" : " incompatibilities")
                + "; keep the output columns and their types, or add new nullable ones");
        this.incompatibilities = List.copyOf(incompatibilities);
    }

    List<Incompatibility> incompatibilities() {
        return incompatibilities;
    }
}
