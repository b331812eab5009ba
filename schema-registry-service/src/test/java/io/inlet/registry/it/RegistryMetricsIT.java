package io.inlet.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.testsupport.PrometheusScrapes;
import org.junit.jupiter.api.Test;

/**
 * What the registry's row of the Grafana dashboard reads: request counts and latency buckets per endpoint and status,
 * a compatibility refusal (409) among them. The scrape is saved for the deploy tests' dashboard check
 * ({@code GrafanaDashboardIT}).
 */
class RegistryMetricsIT extends RegistryIntegrationTest {

    @Test
    void prometheusShowsRequestsPerEndpointAndStatusWithLatencyBuckets() {
        String subject = uniqueSubject("metrics");
        String v1 = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":false}";
        String incompatible = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},"
                + "\"additionalProperties\":false}";
        assertThat(admin().post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(v1)).status())
                .isEqualTo(200);
        assertThat(admin().post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(incompatible)).status())
                .as("an incompatible version is refused").isEqualTo(409);
        assertThat(http().get("/subjects/" + subject + "/versions/latest").status()).isEqualTo(200);

        String scrape = PrometheusScrapes.scrapeAndSave("http://127.0.0.1:" + port, "schema-registry-service");

        assertThat(scrape).containsPattern("(?m)^http_server_requests_seconds_count\\{.*status=\"409\".*"
                + "uri=\"/subjects/\\{subject}/versions\".*} ");
        assertThat(scrape).containsPattern("(?m)^http_server_requests_seconds_bucket\\{.*status=\"200\".*"
                + "uri=\"/subjects/\\{subject}/versions/\\{version}\".*} ");
    }
}
