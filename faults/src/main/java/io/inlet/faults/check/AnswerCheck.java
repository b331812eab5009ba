package io.inlet.faults.check;

import io.inlet.faults.inject.ExecutedFault;
import io.inlet.faults.load.Answer;
import io.inlet.faults.load.PageViews;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;

/**
 * The gateway answered as promised throughout: 202, or 503/429 with Retry-After, or no connection at all while it was
 * down. A 5xx other than 503 with Retry-After, a 503 without it, any other refusal, or a request left without an
 * answer for the whole timeout is a failure.
 */
public final class AnswerCheck {

    public static final String NAME = "no 5xx but 503 with Retry-After, no hung request";

    private AnswerCheck() {
    }

    public static boolean acceptable(Answer answer) {
        if (answer.hung()) {
            return false;
        }
        int status = answer.status();
        return status == 0 || status == 202
                || ((status == 503 || status == 429) && answer.retryAfter() != null && !answer.retryAfter().isBlank());
    }

    public static CheckResult verdict(List<Answer> answers, List<ExecutedFault> faults, PageViews events) {
        List<Answer> bad = answers.stream().filter(answer -> !acceptable(answer))
                .sorted(Comparator.comparingLong(Answer::answeredAt)).toList();
        Map<String, Long> statuses = new TreeMap<>();
        for (Answer answer : answers) {
            statuses.merge(answer.status() == 0 ? (answer.hung() ? "timeout" : "no connection")
                    : String.valueOf(answer.status()), 1L, Long::sum);
        }
        if (bad.isEmpty()) {
            return CheckResult.pass(NAME, String.format("%,d attempts: %s", answers.size(), statuses));
        }
        List<String> shown = new ArrayList<>();
        for (Answer answer : bad.subList(0, Math.min(CheckResult.SHOWN, bad.size()))) {
            List<String> ids = events.ids(answer.batch());
            shown.add("batch " + answer.batch() + " (" + ids.get(0) + " .. " + ids.get(ids.size() - 1) + ") "
                    + answer.describe() + " during " + FaultAttribution.during(faults, answer.answeredAt()));
        }
        return CheckResult.fail(NAME, String.format("%,d bad answers of %,d attempts (%s), first %d: %s", bad.size(),
                answers.size(), statuses, shown.size(), String.join("; ", shown)));
    }
}
