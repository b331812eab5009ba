package io.inlet.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"order.created", "page.viewed", "user.signed_up", "a", "billing.invoice-paid.v2",
            "shop.2026.sale"})
    void acceptsLowerCaseDottedNames(String name) {
        assertThat(EventType.of(name).name()).isEqualTo(name);
        assertThat(Subjects.RAW.of(EventType.of(name))).isEqualTo("inlet.raw." + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Order.created", "order..created", ".order", "order.", "order.*", "order.>",
            "order created", "order\tcreated", "order\ncreated", "1order", "../etc/passwd", "order/created",
            "ordér", "_order", "-order", "order.created\u0000"})
    void rejectsNamesThatAreNotSubjectTails(String name) {
        assertThat(EventType.isValid(name)).isFalse();
        assertThatThrownBy(() -> EventType.of(name))
                .isInstanceOf(InvalidEventTypeException.class)
                .hasMessageStartingWith("Invalid event type");
    }

    @org.junit.jupiter.api.Test
    void rejectsOverlongNamesAndKeepsControlCharactersOutOfTheMessage() {
        assertThatThrownBy(() -> EventType.of("a".repeat(101)))
                .hasMessageContaining("at most 100 characters, was 101");
        assertThat(EventType.isValid("a".repeat(100))).isTrue();
        assertThatThrownBy(() -> EventType.of("bad\u0007name")).hasMessageContaining("\\u0007");
    }

    @org.junit.jupiter.api.Test
    void readsTheEventTypeBackFromASubject() {
        assertThat(Subjects.ERRORS.eventTypeOf("inlet.errors.order.created")).contains(EventType.of("order.created"));
        assertThat(Subjects.ERRORS.eventTypeOf("inlet.raw.order.created")).isEmpty();
        assertThat(Subjects.RAW.eventTypeOf("inlet.raw.Bad")).isEmpty();
        assertThat(Subjects.VALID.all()).isEqualTo("inlet.valid.>");
        assertThat(Subjects.EVENTS.streamName()).isEqualTo("INLET_EVENTS");
    }
}
