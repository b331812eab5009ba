package io.inlet.transforms;

import java.util.Map;
import java.util.Set;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.TypeReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.MapAccessor;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * An expression of a {@code derive} or {@code filter} step, evaluated over one event as a
 * {@code Map} (properties by name, nested objects as maps, arrays as lists).
 *
 * <p>Why SpEL and not a language of our own: SpEL brings a tested parser, arithmetic over
 * {@code Long}/{@code BigDecimal}, comparison, boolean logic, ternary and Elvis operators, null-safe
 * navigation, list selection/projection and regex {@code matches}; writing and securing that again
 * would be more code to get wrong. SpEL is only safe for user input when its dangerous parts are
 * switched off, which is done twice here: (1) at declaration time the parsed tree is rejected if it
 * contains a type reference {@code T(...)}, a constructor {@code new ...}, a bean reference
 * {@code @...}, a method call, a function call, an assignment, or a variable other than
 * {@code #root}/{@code #this} — so the registry refuses such a step with a precise reason; and
 * (2) at run time it is evaluated in a {@link SimpleEvaluationContext} whose only property accessor
 * is a read-only {@link MapAccessor} (no reflection, no method resolvers, no type locator, no bean
 * resolver, assignment disabled). Expressions are at most {@value #MAX_LENGTH} characters.
 *
 * <p>Reading properties: {@code amount} (an error if the event has no {@code amount}),
 * {@code ['amount']} ({@code null} if absent), {@code customer?.id} (null-safe), {@code items[0]},
 * {@code items.?[qty > 0]}, {@code items.![price]}.
 */
public final class StepExpression {

    public static final int MAX_LENGTH = 1000;

    private static final SpelExpressionParser PARSER = new SpelExpressionParser(new SpelParserConfiguration(null, null, 
            false, false, 0, MAX_LENGTH));
    private static final Set<String> ALLOWED_VARIABLES = Set.of("root", "this");

    private final String text;
    private final SpelExpression expression;

    private StepExpression(String text, SpelExpression expression) {
        this.text = text;
        this.expression = expression;
    }

    /** Parses and checks {@code text}; throws {@link IllegalArgumentException} with the reason. */
    public static StepExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expression must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("expression is longer than " + MAX_LENGTH + " characters");
        }
        SpelExpression expression;
        try {
            expression = PARSER.parseRaw(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException("expression does not parse: " + e.getSimpleMessage()
                    + " (at position " + e.getPosition() + ")");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expression does not parse: " + e.getMessage());
        }
        check(expression.getAST());
        return new StepExpression(text, expression);
    }

    private static void check(SpelNode node) {
        String refused = null;
        if (node instanceof TypeReference) {
            refused = "type references (T(...))";
        } else if (node instanceof ConstructorReference) {
            refused = "constructors (new ...)";
        } else if (node instanceof BeanReference) {
            refused = "bean references (@...)";
        } else if (node instanceof MethodReference method) {
            refused = "method calls (" + method.getName() + "(...))";
        } else if (node instanceof FunctionReference) {
            refused = "function calls (#f(...))";
        } else if (node instanceof Assign) {
            refused = "assignments (=)";
        } else if (node instanceof VariableReference && !ALLOWED_VARIABLES.contains(node.toStringAST().substring(1))) {
            refused = "variables other than #root and #this (" + node.toStringAST() + ")";
        }
        if (refused != null) {
            throw new IllegalArgumentException("expression uses " + refused + " at position "
                    + node.getStartPosition() + "; only operators over the event's properties are allowed");
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            check(node.getChild(i));
        }
    }

    /**
     * Evaluates over {@code event}; throws {@link StepFailure} (with SpEL's message) if it cannot be
     * evaluated, e.g. a missing property or an operator applied to the wrong types.
     */
    public Object evaluate(Map<String, Object> event) {
        EvaluationContext context = SimpleEvaluationContext.forPropertyAccessors(new MapAccessor(false))
                .withRootObject(event)
                .build();
        try {
            return expression.getValue(context);
        } catch (EvaluationException e) {
            throw new StepFailure(e.getMessage());
        } catch (RuntimeException e) {
            throw new StepFailure("expression failed: " + e);
        }
    }

    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StepExpression that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
