package io.inlet.faults.load;

/**
 * One attempt of one batch POST, as the producer saw it.
 *
 * @param batch      which batch (its ids: {@link PageViews#ids(long)})
 * @param attempt    1 for the first send, 2 for the first retry, ...
 * @param sentAt     epoch millis
 * @param answeredAt epoch millis of the answer, the error or the timeout
 * @param status     HTTP status, or 0 when there was none (connection refused or reset, timeout)
 * @param retryAfter the Retry-After header, or null
 * @param error      the I/O error without an answer, or null
 * @param hung       no answer within the request timeout
 */
public record Answer(long batch, int attempt, long sentAt, long answeredAt, int status, String retryAfter,
                     String error, boolean hung) {

    public boolean accepted() {
        return status == 202;
    }

    /** What the producer does next: retry the same batch unless it was accepted or refused for good. */
    public boolean retryable() {
        return status == 0 || status == 429 || status >= 500;
    }

    /** {@code HTTP 503 (Retry-After 1)}, {@code timeout}, {@code ConnectException: ...}. */
    public String describe() {
        if (hung) {
            return "no answer within the timeout";
        }
        if (status == 0) {
            return error;
        }
        return "HTTP " + status + (retryAfter == null ? " without Retry-After" : " (Retry-After " + retryAfter + ")");
    }
}
