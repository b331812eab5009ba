package io.inlet.faults.check;

import java.util.List;
import java.util.Map;

/** Verdicts on what is left once the lake drained, from what was gathered outside the services. */
public final class OutsideChecks {

    public static final String ERRORS = "nothing in the error lake or a dead-letter stream";
    public static final String STAGING = "no staging object left after orphan-age and a janitor run";
    public static final String CONSUMING = "every stage consuming again: consumers drained, services UP";

    private OutsideChecks() {
    }

    /**
     * @param errorLakeIds ids of the error lake's rows (of every table), e.g. the events a stage refused
     * @param errorStream  messages on the stage error stream ({@code inlet.errors.>})
     */
    public static CheckResult errors(List<String> errorLakeIds, long errorStream, List<StreamState> streams) {
        List<StreamState> deadLetters = streams.stream().filter(StreamState::deadLetters).toList();
        List<String> full = deadLetters.stream().filter(stream -> stream.messages() > 0)
                .map(stream -> stream.name() + " " + stream.subjects() + " holds " + stream.messages()).toList();
        if (errorLakeIds.isEmpty() && errorStream == 0 && full.isEmpty()) {
            return CheckResult.pass(ERRORS, "error lake empty, error stream empty, " + deadLetters.size()
                    + " dead-letter streams empty");
        }
        StringBuilder detail = new StringBuilder();
        if (!errorLakeIds.isEmpty()) {
            detail.append(String.format("%,d rows in the error lake, first %d: %s; ", errorLakeIds.size(),
                    Math.min(CheckResult.SHOWN, errorLakeIds.size()), ExactlyOnceCheck.first(errorLakeIds)));
        }
        if (errorStream > 0) {
            detail.append(errorStream).append(" messages on the error stream; ");
        }
        if (!full.isEmpty()) {
            detail.append("dead letters: ").append(String.join(", ", full));
        }
        return CheckResult.fail(ERRORS, detail.toString().replaceAll("; $", ""));
    }

    public static CheckResult staging(List<String> stagingObjects, long waitedMillis) {
        if (stagingObjects.isEmpty()) {
            return CheckResult.pass(STAGING, "_staging/ of both buckets empty (" + waitedMillis / 1000
                    + " s after the drain)");
        }
        return CheckResult.fail(STAGING, String.format("%d staging objects left %d s after the drain, first %d: %s",
                stagingObjects.size(), waitedMillis / 1000, Math.min(CheckResult.SHOWN, stagingObjects.size()),
                ExactlyOnceCheck.first(stagingObjects)));
    }

    /**
     * @param health       per service instance, its {@code /actuator/health} status (or the error reaching it)
     * @param waitedMillis how long the run waited for the consumers to drain before this verdict
     */
    public static CheckResult consuming(List<ConsumerState> consumers, Map<String, String> health,
            long waitedMillis) {
        List<String> behind = consumers.stream().filter(consumer -> !consumer.drained())
                .map(ConsumerState::toString).toList();
        List<String> down = health.entrySet().stream().filter(entry -> !"UP".equals(entry.getValue()))
                .map(entry -> entry.getKey() + " " + entry.getValue()).toList();
        if (consumers.isEmpty()) {
            return CheckResult.fail(CONSUMING, "no durable consumer found on the nats-server");
        }
        if (behind.isEmpty() && down.isEmpty()) {
            return CheckResult.pass(CONSUMING, consumers.size() + " consumers at pending 0 / ack pending 0 ("
                    + waitedMillis / 1000 + " s after the checks began), " + health.size() + " services UP");
        }
        return CheckResult.fail(CONSUMING, (behind.isEmpty() ? "" : "not drained after " + waitedMillis / 1000
                + " s: " + String.join("; ", behind))
                + (behind.isEmpty() || down.isEmpty() ? "" : "; ")
                + (down.isEmpty() ? "" : "not UP: " + String.join("; ", down)));
    }
}
