package io.inlet.binder;

/**
 * One line that says why something failed, for logs and health details. Root causes often carry no message
 * (a {@code TimeoutException} from {@code Future.get}, a {@code CancellationException}), and a log line that reads
 * "failed: null" says nothing; this names the exception's type then, with the nearest message above it.
 */
public final class Failures {

    private static final int MAX_DEPTH = 32;

    private Failures() {
    }

    /**
     * The root cause's message; when it has none, the deepest message in the chain followed by the root cause's type
     * ({@code Publish to 'x' was not acknowledged by JetStream: no PubAck in time [TimeoutException]}), or the type
     * alone.
     */
    public static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        Throwable root = error;
        String deepestMessage = null;
        int depth = 0;
        for (Throwable t = error; t != null && depth++ < MAX_DEPTH; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (hasText(t.getMessage())) {
                deepestMessage = t.getMessage();
            }
        }
        if (hasText(root.getMessage())) {
            return root.getMessage();
        }
        String type = root.getClass().getSimpleName().isEmpty() ? root.getClass().getName()
                : root.getClass().getSimpleName();
        return deepestMessage == null ? type : deepestMessage + " [" + type + "]";
    }

    /** The innermost cause. */
    public static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        int depth = 0;
        while (cause.getCause() != null && cause.getCause() != cause && depth++ < MAX_DEPTH) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }
}
