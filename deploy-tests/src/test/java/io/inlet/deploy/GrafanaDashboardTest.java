package io.inlet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard check itself: what it reads out of PromQL and what it finds missing in a scrape. */
class GrafanaDashboardTest {

    private static final String SCRAPE = """
            # HELP inlet_lake_commits_seconds_bucket x
            inlet_lake_commits_seconds_bucket{lake="data",le="0.5"} 3
            inlet_lake_commits_seconds_count{lake="data"} 3
            inlet_binder_consumer_lag_pending{binding="b",group="g",stream="S"} 0.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
            """;

    @Test
    void readsTheSeriesOfAQueryNotItsFunctionsLabelsOrStrings() {
        assertThat(GrafanaDashboard.metricNames("histogram_quantile(0.99, sum by (le, lake) "
                + "(rate(inlet_lake_commits_seconds_bucket{namespace=~\"$namespace\", x=\"a{b}\"}[$__rate_interval])))"))
                .containsExactly("inlet_lake_commits_seconds_bucket");
        assertThat(GrafanaDashboard.metricNames("sum(rate(a_total[5m])) / sum(rate(b_total[5m])) > bool 0"))
                .containsExactly("a_total", "b_total");
        assertThat(GrafanaDashboard.groupingLabels("max by (stream, group) (x) / on(pod) y"))
                .containsExactly("stream", "group", "pod");
        assertThat(GrafanaDashboard.matcherLabels("x{area=\"heap\", id!~\"G1.*\"}").get("x"))
                .containsExactly("area", "id");
    }

    @Test
    void findsSeriesAndLabelsNoScrapeHas() {
        PrometheusScrape scrape = PrometheusScrape.of(List.of(SCRAPE));
        GrafanaDashboard dashboard = new GrafanaDashboard(List.of(
                "max by (stream, group) (inlet_binder_consumer_lag_pending{namespace=~\"$namespace\"})",
                "sum by (lake) (rate(inlet_lake_commits_seconds_count[5m]))",
                "sum(rate(inlet_lake_commits_total[5m]))",
                "sum by (pod) (jvm_memory_used_bytes{region=\"heap\"})",
                "sum by (event_type) (inlet_binder_consumer_lag_pending)"));

        assertThat(scrape.problemsOf(dashboard)).containsExactly(
                "no service exposes inlet_lake_commits_total (in sum(rate(inlet_lake_commits_total[5m])))",
                "jvm_memory_used_bytes has no label region (in sum by (pod) (jvm_memory_used_bytes{region=\"heap\"}))",
                "no series of the query has the label event_type (in sum by (event_type) "
                        + "(inlet_binder_consumer_lag_pending))");
    }
}
