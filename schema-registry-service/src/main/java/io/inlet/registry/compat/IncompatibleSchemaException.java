package io.inlet.registry.compat;

import io.inlet.registry.RegistryException;
import java.util.List;
import java.util.stream.Collectors;

/** The schema being registered breaks the subject's compatibility level; lists every reason. */
public class IncompatibleSchemaException extends RegistryException {

    private final transient List<Incompatibility> incompatibilities;

    public IncompatibleSchemaException(String subject, List<Incompatibility> incompatibilities) {
        super("Schema being registered is incompatible with an earlier schema for subject \"" + subject
                + "\", details: " + incompatibilities.stream().map(Incompatibility::describe)
                .collect(Collectors.joining("; ", "[", "]")));
        this.incompatibilities = List.copyOf(incompatibilities);
    }

    public List<Incompatibility> incompatibilities() {
        return incompatibilities;
    }
}
