package io.inlet.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL of a Grafana dashboard (every panel target's {@code expr}, rows' panels included, and the metric of each
 * {@code label_values(metric, label)} variable), and what each expression asks of the metrics: the series names it
 * selects, the label names its selectors match on and the labels it aggregates by.
 */
record GrafanaDashboard(List<String> expressions) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![a-zA-Z0-9_:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");

    static GrafanaDashboard parse(String json) {
        JsonNode root = JSON.readTree(json);
        List<String> expressions = new ArrayList<>();
        collectPanels(root.path("panels"), expressions);
        for (JsonNode variable : root.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asString("") : query.asString("");
            Matcher matcher = LABEL_VALUES.matcher(text);
            if ("query".equals(variable.path("type").asString("")) && matcher.find()) {
                expressions.add(matcher.group(1));
            }
        }
        return new GrafanaDashboard(List.copyOf(expressions));
    }

    private static void collectPanels(JsonNode panels, List<String> expressions) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString("");
                if (!expr.isBlank()) {
                    expressions.add(expr);
                }
            }
            collectPanels(panel.path("panels"), expressions);
        }
    }

    /** The series an expression selects, e.g. {@code http_server_requests_seconds_bucket}. */
    static Set<String> metricNames(String expr) {
        String text = RANGE.matcher(STRING.matcher(expr).replaceAll("\"\"")).replaceAll("");
        text = GROUPING.matcher(text).replaceAll(" ");
        text = text.replaceAll("\\{[^}]*}", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = IDENTIFIER.matcher(text);
        while (matcher.find()) {
            String name = matcher.group(1);
            boolean function = matcher.group(2) != null;
            if (!function && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }

    /** Per selected series: the label names its selector matches on. */
    static Map<String, Set<String>> matcherLabels(String expr) {
        String text = STRING.matcher(expr).replaceAll("\"\"");
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        Matcher selector = SELECTOR.matcher(text);
        while (selector.find()) {
            Set<String> names = labels.computeIfAbsent(String.valueOf(selector.group(1)), k -> new LinkedHashSet<>());
            Matcher label = MATCHER_LABEL.matcher(selector.group(2));
            while (label.find()) {
                names.add(label.group(1));
            }
        }
        return labels;
    }

    /** The labels of every {@code by (...)} (and {@code on}, {@code ignoring}...) clause of an expression. */
    static Set<String> groupingLabels(String expr) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher matcher = GROUPING.matcher(STRING.matcher(expr).replaceAll("\"\""));
        while (matcher.find()) {
            for (String label : matcher.group(2).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        return labels;
    }
}
