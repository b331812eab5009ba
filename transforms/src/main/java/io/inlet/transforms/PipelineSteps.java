package io.inlet.transforms;

import io.inlet.transforms.sql.SqlRefusedException;
import io.inlet.transforms.sql.SqlStatement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a pipeline's steps, read strictly (every problem reported with its step index and
 * field) and written canonically. Used by the registry to validate what it stores and by the
 * pipeline-service to compile what it runs, so both agree on what a valid step is.
 */
public final class PipelineSteps {

    /** Most steps one event type may declare. */
    public static final int MAX_STEPS = 100;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Allowed fields per step type (besides {@code type}); the first ones listed are required. */
    private static final Map<String, List<String>> FIELDS = Map.of(
            "rename", List.of("from", "to", "required"),
            "drop", List.of("path"),
            "derive", List.of("path", "expression"),
            "filter", List.of("expression"),
            "sql", List.of("statement", "output"));

    private PipelineSteps() {
    }

    /** The step types this version knows. */
    public static Set<String> types() {
        return new LinkedHashSet<>(List.of("rename", "drop", "derive", "filter", "sql"));
    }

    /** Reads {@code steps} (a JSON array); throws {@link InvalidPipelineException} listing every problem. */
    public static List<PipelineStep> parse(JsonNode steps) {
        List<StepProblem> problems = new ArrayList<>();
        if (steps == null || steps.isNull() || steps.isMissingNode()) {
            throw new InvalidPipelineException(List.of(new StepProblem(null, "steps",
                    "missing: expected {\"steps\": [ ... ]}")));
        }
        if (!steps.isArray()) {
            throw new InvalidPipelineException(List.of(new StepProblem(null, "steps", "must be an array of steps")));
        }
        if (steps.size() > MAX_STEPS) {
            throw new InvalidPipelineException(List.of(new StepProblem(null, "steps",
                    "at most " + MAX_STEPS + " steps, got " + steps.size())));
        }
        List<PipelineStep> parsed = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            PipelineStep step = parseStep(i, steps.get(i), problems);
            if (step != null) {
                parsed.add(step);
            }
        }
        if (problems.isEmpty() && parsed.size() > 1) {
            for (int i = 0; i < parsed.size(); i++) {
                if (parsed.get(i) instanceof PipelineStep.Sql) {
                    problems.add(new StepProblem(i, "type", "a sql step is the whole pipeline: its SELECT renames, "
                            + "drops, derives and filters; declare it alone"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(problems);
        }
        return List.copyOf(parsed);
    }

    private static PipelineStep parseStep(int index, JsonNode node, List<StepProblem> problems) {
        if (!node.isObject()) {
            problems.add(new StepProblem(index, null, "a step must be a JSON object with a \"type\""));
            return null;
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isString()) {
            problems.add(new StepProblem(index, "type", "missing or not a string; one of " + types()));
            return null;
        }
        String type = typeNode.asString();
        List<String> fields = FIELDS.get(type);
        if (fields == null) {
            problems.add(new StepProblem(index, "type", "unknown step type '" + type + "'; one of " + types()));
            return null;
        }
        int before = problems.size();
        for (String name : node.propertyNames()) {
            if (!name.equals("type") && !fields.contains(name)) {
                problems.add(new StepProblem(index, name, "unknown field for a " + type + " step; allowed: " + fields));
            }
        }
        PipelineStep step = switch (type) {
            case "rename" -> {
                StepPointer from = pointer(index, node, "from", problems);
                StepPointer to = pointer(index, node, "to", problems);
                Boolean required = optionalBoolean(index, node, "required", problems);
                if (from != null && to != null) {
                    if (from.segments().equals(to.segments())) {
                        problems.add(new StepProblem(index, "to", "must differ from \"from\""));
                    } else if (from.isAncestorOf(to)) {
                        problems.add(new StepProblem(index, "to", "cannot lie inside \"from\" (" + from + ")"));
                    }
                }
                yield from == null || to == null ? null : new PipelineStep.Rename(from, to, Boolean.TRUE.equals(required));
            }
            case "drop" -> {
                StepPointer path = pointer(index, node, "path", problems);
                yield path == null ? null : new PipelineStep.Drop(path);
            }
            case "derive" -> {
                StepPointer path = pointer(index, node, "path", problems);
                StepExpression expression = expression(index, node, problems);
                yield path == null || expression == null ? null : new PipelineStep.Derive(path, expression);
            }
            case "filter" -> {
                StepExpression expression = expression(index, node, problems);
                yield expression == null ? null : new PipelineStep.Filter(expression);
            }
            case "sql" -> {
                JsonNode statement = node.get("statement");
                JsonNode output = node.get("output");
                if (statement == null || !statement.isString() || statement.asString().isBlank()) {
                    problems.add(new StepProblem(index, "statement", statement == null ? "required"
                            : "must be a non-empty string: one SELECT … FROM event [WHERE …]"));
                    yield null;
                }
                if (statement.asString().length() > SqlStatement.MAX_LENGTH) {
                    problems.add(new StepProblem(index, "statement", "longer than " + SqlStatement.MAX_LENGTH
                            + " characters"));
                    yield null;
                }
                if (output != null && !output.isNull() && !output.isObject()) {
                    problems.add(new StepProblem(index, "output", "must be the JSON Schema object of the output rows "
                            + "(the registry computes it; leave it out)"));
                    yield null;
                }
                yield new PipelineStep.Sql(statement.asString(), output == null || output.isNull() ? null
                        : (ObjectNode) output);
            }
            default -> throw new IllegalStateException(type);
        };
        return problems.size() == before ? step : null;
    }

    private static StepPointer pointer(int index, JsonNode node, String field, List<StepProblem> problems) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            problems.add(new StepProblem(index, field, value == null ? "required" : "must be a string (a JSON pointer)"));
            return null;
        }
        try {
            return StepPointer.parse(value.asString());
        } catch (IllegalArgumentException e) {
            problems.add(new StepProblem(index, field, e.getMessage()));
            return null;
        }
    }

    private static StepExpression expression(int index, JsonNode node, List<StepProblem> problems) {
        JsonNode value = node.get("expression");
        if (value == null || !value.isString()) {
            problems.add(new StepProblem(index, "expression", value == null ? "required" : "must be a string"));
            return null;
        }
        try {
            return StepExpression.parse(value.asString());
        } catch (IllegalArgumentException e) {
            problems.add(new StepProblem(index, "expression", e.getMessage()));
            return null;
        }
    }

    private static Boolean optionalBoolean(int index, JsonNode node, String field, List<StepProblem> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            problems.add(new StepProblem(index, field, "must be true or false"));
            return null;
        }
        return value.asBoolean();
    }

    /**
     * Compiles every {@code sql} step against the event's JSON Schema and returns the steps with each one's output
     * schema set; throws {@link InvalidPipelineException} naming the step and the statement's line and column when
     * a statement is refused. Other steps are returned as they are.
     */
    public static List<PipelineStep> typed(List<PipelineStep> steps, JsonNode eventSchema) {
        List<PipelineStep> typed = new ArrayList<>(steps.size());
        List<StepProblem> problems = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            PipelineStep step = steps.get(i);
            if (step instanceof PipelineStep.Sql sql) {
                try {
                    typed.add(sql.withOutput(SqlStatement.compile(sql.statement(), eventSchema).outputSchema()));
                } catch (SqlRefusedException e) {
                    problems.add(new StepProblem(i, "statement", e.getMessage(), e.line() > 0 ? e.line() : null,
                            e.line() > 0 ? e.column() : null));
                }
            } else {
                typed.add(step);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(problems);
        }
        return List.copyOf(typed);
    }

    /** The canonical JSON form (defaults written out), as the registry stores and serves it. */
    public static ArrayNode toJson(List<PipelineStep> steps) {
        ArrayNode array = JSON.createArrayNode();
        for (PipelineStep step : steps) {
            ObjectNode node = array.addObject().put("type", step.type());
            if (step instanceof PipelineStep.Rename r) {
                node.put("from", r.from().text()).put("to", r.to().text()).put("required", r.required());
            } else if (step instanceof PipelineStep.Drop d) {
                node.put("path", d.path().text());
            } else if (step instanceof PipelineStep.Derive d) {
                node.put("path", d.path().text()).put("expression", d.expression().text());
            } else if (step instanceof PipelineStep.Filter f) {
                node.put("expression", f.expression().text());
            } else if (step instanceof PipelineStep.Sql q) {
                node.put("statement", q.statement());
                if (q.output() != null) {
                    node.set("output", q.output());
                }
            }
        }
        return array;
    }
}
