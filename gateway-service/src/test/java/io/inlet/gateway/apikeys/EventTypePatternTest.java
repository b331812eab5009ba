package io.inlet.gateway.apikeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.contracts.EventType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypePatternTest {

    @ParameterizedTest
    @CsvSource({
            "orders.*, orders.created, true",
            "orders.*, users.created, false",
            "orders.*, orders.item.added, false",
            "orders.*, orders, false",
            "orders.>, orders.item.added, true",
            "orders.>, orders, false",
            ">, users.created, true",
            "*, users, true",
            "*, users.created, false",
            "users.created, users.created, true",
            "*.created, users.created, true"})
    void matchesLikeNatsSubjects(String pattern, String type, boolean matches) {
        assertThat(EventTypePattern.of(pattern).matches(EventType.of(type))).isEqualTo(matches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Orders.*", "orders..x", "orders.>.x", "orders,users", "a b", "orders.*x"})
    void rejectsInvalidPatterns(String pattern) {
        assertThatThrownBy(() -> EventTypePattern.of(pattern)).isInstanceOf(InvalidApiKeyRequestException.class);
    }
}
