package io.inlet.faults.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PageViewsTest {

    @Test
    void aBatchCarriesItsIdsAndTheSameBytesOnEveryRetry() {
        PageViews events = new PageViews(9, 250, 100);
        assertThat(events.batches()).isEqualTo(3);
        assertThat(events.ids(1)).hasSize(100).startsWith("f9-100").endsWith("f9-199");
        assertThat(events.ids(2)).hasSize(50).endsWith("f9-249");
        String body = new String(events.body(1), StandardCharsets.UTF_8);
        assertThat(body).startsWith("[{\"id\":\"f9-100\",").contains("\"id\":\"f9-199\"").doesNotContain("f9-200");
        assertThat(events.body(1)).isEqualTo(events.body(1));
    }

    @Test
    void retryAfterIsHonouredWithinBounds() {
        assertThat(Producer.pause("1")).isEqualTo(1_000);
        assertThat(Producer.pause("3600")).isEqualTo(5_000);
        assertThat(Producer.pause(null)).isEqualTo(500);
        assertThat(Producer.pause("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(500);
    }
}
