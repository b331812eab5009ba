package io.inlet.registry.compat;

import java.util.HashSet;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a <em>reader</em> JSON Schema accepts every instance a <em>writer</em> schema
 * accepts, by walking both schemas side by side and applying the {@link CompatibilityRule}s.
 *
 * <p>The writer is first normalised: local {@code $ref}s inlined, {@code allOf} merged into one
 * schema, {@code anyOf}/{@code oneOf} split into alternatives that the reader must each accept.
 * The reader's {@code allOf} branches must each accept the writer, one of its {@code anyOf}
 * branches must, exactly one of its {@code oneOf} branches must, and its {@code not} must exclude
 * nothing the writer accepts. Objects are compared property name by property name
 * ({@code properties}, {@code patternProperties}, {@code additionalProperties} /
 * {@code unevaluatedProperties}), arrays position by position (tuples in both the draft-07
 * {@code items}/{@code additionalItems} and the 2020-12 {@code prefixItems}/{@code items} form).
 *
 * <p>The analysis errs on the safe side: what it cannot prove compatible (a changed
 * {@code pattern}, {@code if}/{@code then}/{@code else}, remote {@code $ref}) it reports. Its main
 * deliberate leniency ({@link CompatibilityPolicy#LENIENT}): a property the reader declares where
 * the writer's content model is fully open is accepted, as evolving event types by adding optional
 * fields must stay possible; {@link CompatibilityPolicy#STRICT} decides such cases as Confluent does.
 * The work is done by {@link SchemaWalk}.
 */
public final class JsonSchemaCompatibility {

    private final String readerName;
    private final String writerName;
    private final CompatibilityPolicy policy;

    /** Lenient policy. */
    public JsonSchemaCompatibility(String readerName, String writerName) {
        this(readerName, writerName, CompatibilityPolicy.LENIENT);
    }

    /**
     * @param readerName how messages call the reader, e.g. {@code "new schema"}
     * @param writerName how messages call the writer, e.g. {@code "version 2"}
     */
    public JsonSchemaCompatibility(String readerName, String writerName, CompatibilityPolicy policy) {
        this.readerName = readerName;
        this.writerName = writerName;
        this.policy = policy;
    }

    /** Everything that makes {@code reader} reject an instance {@code writer} accepts; empty when compatible. */
    public List<Incompatibility> readerAcceptsWriter(JsonNode reader, JsonNode writer) {
        SchemaWalk walk = new SchemaWalk(reader, writer, readerName, writerName, policy, new HashSet<>(), new int[1]);
        walk.compare(reader, writer, "", 0);
        return walk.found().stream().distinct().toList(); // writer alternatives may repeat a finding
    }
}
