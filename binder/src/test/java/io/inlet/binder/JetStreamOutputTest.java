package io.inlet.binder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JetStreamOutputTest {

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
            "inlet.raw.>, inlet.raw.order.created, true",
            "inlet.raw.>, inlet.raw.page, true",
            "inlet.raw.>, inlet.raw, false",
            "inlet.raw.>, inlet.rawx.page, false",
            "inlet.raw.>, inlet.events.page, false",
            "inlet.raw.*, inlet.raw.page, true",
            "inlet.raw.*, inlet.raw.page.viewed, false",
            "inlet.*.page, inlet.raw.page, true",
            "inlet.*.page, inlet.raw.pages, false",
            "inlet.raw.page, inlet.raw.page, true",
            "inlet.raw.page, inlet.raw.pag, false",
            "inlet.raw.pag, inlet.raw.page, false",
            ">, anything.at.all, true",
            "a.b, a.b.c, false",
            "a.b.c, a.b, false",
    })
    void matchesSubjectsLikeNats(String destination, String subject, boolean covered) {
        assertThat(JetStreamOutput.covers(destination, subject)).isEqualTo(covered);
    }
}
