package io.inlet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every query of the shipped Grafana dashboard and alert rules (as the chart renders them) selects only series the
 * services really expose, with labels they really have: checked against what {@code /actuator/prometheus} served in each service's
 * own IT ({@code IngestIT}, {@code ConsumerServiceIT}, {@code PipelineStepsIT}, {@code LakeIT}, {@code RegistryMetricsIT} save it under
 * {@code <module>/target/prometheus/}). Those ITs run before this module in the reactor; a scrape that is missing
 * fails this test rather than skipping the check.
 */
class GrafanaDashboardIT {

    private static final List<String> SCRAPED = List.of("gateway-service", "consumer-service", "pipeline-service",
            "lake-service", "schema-registry-service");

    @Test
    void everyQueryNamesOnlySeriesAndLabelsTheServicesExpose() {
        List<String> texts = new ArrayList<>();
        for (String module : SCRAPED) {
            Path file = RepoPaths.root().resolve(module).resolve("target").resolve("prometheus")
                    .resolve(module + ".prom");
            assertThat(Files.isRegularFile(file)).as("%s is missing: run the ITs of %s first (mvn verify -pl %s)",
                    file, module, module).isTrue();
            texts.add(PrometheusScrape.read(file));
        }
        GrafanaDashboard dashboard = GrafanaDashboard.parse(HelmChartTest.renderedDashboard());
        assertThat(dashboard.expressions()).hasSizeGreaterThan(20);

        assertThat(PrometheusScrape.of(texts).problemsOf(dashboard)).isEmpty();
        GrafanaDashboard alerts = new GrafanaDashboard(HelmChartTest.renderedAlertExpressions());
        assertThat(PrometheusScrape.of(texts).problemsOf(alerts)).as("the alert rules").isEmpty();
    }
}
