package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.binder.properties.NatsConsumerProperties;
import io.inlet.binder.provisioning.NatsNames;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.MimeTypeUtils;

class NatsNamesAndHeadersTest {

    @Test
    void streamNamesAreDerivedFromSubjectsWithoutWildcards() {
        assertThat(NatsNames.streamNameFor("inlet.raw.>")).isEqualTo("INLET_RAW");
        assertThat(NatsNames.streamNameFor("orders.*.eu")).isEqualTo("ORDERS_EU");
        assertThat(NatsNames.streamNameFor("dlq.my-app")).isEqualTo("DLQ_MY-APP");
    }

    @Test
    void consumerNamesLoseCharactersJetStreamForbids() {
        assertThat(NatsNames.consumerNameFor("lake.writer group")).isEqualTo("lake_writer_group");
        assertThat(NatsNames.consumerNameFor("a*b>c/d")).isEqualTo("a_b_c_d");
    }

    @Test
    void outboundHeadersKeepSimpleValuesAndDropSpringBookkeeping() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("id", UUID.randomUUID());
        headers.put("timestamp", 1L);
        headers.put("contentType", MimeTypeUtils.APPLICATION_JSON);
        headers.put("inlet-event-id", "e-1");
        headers.put("count", 3);
        headers.put("multi-line", "a\r\nb");
        headers.put("nats_streamSequence", 9L);
        headers.put("scst_partition", 1);
        headers.put("an object", List.of(1));
        headers.put("bad:name", "x");

        Headers nats = NatsHeaderMapper.toNats(headers);

        assertThat(nats.keySet()).containsExactlyInAnyOrder("contentType", "inlet-event-id", "count", "multi-line");
        assertThat(nats.getFirst("contentType")).isEqualTo("application/json");
        assertThat(nats.getFirst("count")).isEqualTo("3");
        assertThat(nats.getFirst("multi-line")).isEqualTo("a  b");
    }

    @Test
    void backoffFollowsTheAttemptAndRepeatsItsLastStep() {
        NatsConsumerProperties properties = new NatsConsumerProperties();
        properties.setBackoff(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)));

        assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.backoffAfter(9)).isEqualTo(Duration.ofSeconds(5));
        properties.setBackoff(List.of());
        assertThat(properties.backoffAfter(3)).isEqualTo(Duration.ZERO);
    }
}
