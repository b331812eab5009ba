package io.inlet.faults.check;

import io.inlet.faults.inject.ExecutedFault;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every id answered 202 is in the lake exactly once, and nothing else is. */
public final class ExactlyOnceCheck {

    public static final String NAME = "every accepted id in the lake exactly once, nothing else";

    private ExactlyOnceCheck() {
    }

    /**
     * @param accepted per accepted id (in send order), epoch millis of its 202
     * @param copies   per id found in the lake, how many rows hold it
     */
    public static CheckResult verdict(Map<String, Long> accepted, Map<String, Integer> copies,
                                      List<ExecutedFault> faults) {
        List<String> missing = new ArrayList<>();
        Map<String, Integer> missingByFault = new LinkedHashMap<>();
        for (Map.Entry<String, Long> id : accepted.entrySet()) {
            if (!copies.containsKey(id.getKey())) {
                missing.add(id.getKey());
                missingByFault.merge(FaultAttribution.of(faults, id.getValue()), 1, Integer::sum);
            }
        }
        List<String> duplicated = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, Integer> id : new TreeMap<>(copies).entrySet()) {
            if (!accepted.containsKey(id.getKey())) {
                unexpected.add(id.getKey());
            } else if (id.getValue() > 1) {
                duplicated.add(id.getKey() + " x" + id.getValue());
            }
        }
        if (missing.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty()) {
            return CheckResult.pass(NAME, String.format("%,d accepted ids, each in the lake once", accepted.size()));
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add(String.format("%,d accepted ids missing (%s), first %d: %s", missing.size(),
                    describe(missingByFault), Math.min(CheckResult.SHOWN, missing.size()), first(missing)));
        }
        if (!duplicated.isEmpty()) {
            problems.add(String.format("%,d ids in the lake more than once, first %d: %s", duplicated.size(),
                    Math.min(CheckResult.SHOWN, duplicated.size()), first(duplicated)));
        }
        if (!unexpected.isEmpty()) {
            problems.add(String.format("%,d ids in the lake that were never accepted, first %d: %s",
                    unexpected.size(), Math.min(CheckResult.SHOWN, unexpected.size()), first(unexpected)));
        }
        return CheckResult.fail(NAME, String.join("; ", problems));
    }

    private static String describe(Map<String, Integer> byFault) {
        List<String> parts = new ArrayList<>();
        byFault.forEach((fault, count) -> parts.add(String.format("%,d accepted before/during %s", count, fault)));
        return String.join(", ", parts);
    }

    static String first(List<String> ids) {
        return String.join(", ", ids.subList(0, Math.min(CheckResult.SHOWN, ids.size())));
    }
}
