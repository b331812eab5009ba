package io.inlet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Series names and their label names from Prometheus text exposition ({@code /actuator/prometheus}), and the check
 * of a dashboard against them: every series a query selects must be exposed, with the labels the query matches and
 * aggregates on. Labels Prometheus itself attaches to every target ({@link #TARGET_LABELS}) are not in a scrape.
 */
final class PrometheusScrape {

    static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "job", "instance", "service", "endpoint",
            "container");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    private final Map<String, Set<String>> labelsBySeries = new LinkedHashMap<>();

    static PrometheusScrape of(List<String> texts) {
        PrometheusScrape scrape = new PrometheusScrape();
        for (String text : texts) {
            for (String line : text.split("\n")) {
                Matcher sample = SAMPLE.matcher(line.trim());
                if (line.startsWith("#") || !sample.matches()) {
                    continue;
                }
                Set<String> labels = scrape.labelsBySeries.computeIfAbsent(sample.group(1),
                        k -> new LinkedHashSet<>());
                if (sample.group(3) != null) {
                    Matcher label = LABEL.matcher(sample.group(3));
                    while (label.find()) {
                        labels.add(label.group(1));
                    }
                }
            }
        }
        return scrape;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exposes(String series) {
        return labelsBySeries.containsKey(series);
    }

    /** What the dashboard asks for that these scrapes do not have, one line per problem; empty when all is there. */
    List<String> problemsOf(GrafanaDashboard dashboard) {
        List<String> problems = new ArrayList<>();
        for (String expr : dashboard.expressions()) {
            Set<String> series = GrafanaDashboard.metricNames(expr);
            if (series.isEmpty()) {
                problems.add("selects no series: " + expr);
            }
            Set<String> available = new LinkedHashSet<>(TARGET_LABELS);
            for (String name : series) {
                if (!exposes(name)) {
                    problems.add("no service exposes " + name + " (in " + expr + ")");
                } else {
                    available.addAll(labelsBySeries.get(name));
                }
            }
            GrafanaDashboard.matcherLabels(expr).forEach((name, labels) -> {
                for (String label : labels) {
                    if (!TARGET_LABELS.contains(label) && exposes(name) && !labelsBySeries.get(name).contains(label)) {
                        problems.add(name + " has no label " + label + " (in " + expr + ")");
                    }
                }
            });
            for (String label : GrafanaDashboard.groupingLabels(expr)) {
                if (!available.contains(label)) {
                    problems.add("no series of the query has the label " + label + " (in " + expr + ")");
                }
            }
        }
        return problems;
    }
}
