package io.inlet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UniqueNamesTest {

    @Test
    void lowerTokenKeepsTheHintReadableAndAddsARandomSuffix() {
        assertThat(UniqueNames.lowerToken("Orders Created")).matches("orders_created_[a-z0-9]{8}");
    }

    @Test
    void streamNameIsUpperCase() {
        assertThat(UniqueNames.streamName("ingest.raw-events")).matches("INGEST_RAW_EVENTS_[A-Z0-9]{8}");
    }

    @Test
    void subjectPrefixIsThreeLowerCaseTokens() {
        assertThat(UniqueNames.subjectPrefix("Lake Writer")).matches("t\\.lake_writer\\.[a-z0-9]{8}");
    }

    @Test
    void bucketNameUsesHyphens() {
        assertThat(UniqueNames.bucketName("Lake_Files.2024")).matches("lake-files-2024-[a-z0-9]{8}");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"123", "__", "ä", "*>.", " x ", "a-very-long-hint-that-goes-on-and-on-and-on-well-past-any-limit"})
    void everyHintGivesValidNames(String hint) {
        assertThat(UniqueNames.lowerToken(hint)).matches("[a-z][a-z0-9]*(_[a-z0-9]+)*").hasSizeLessThanOrEqualTo(63);
        assertThat(UniqueNames.streamName(hint)).matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");
        assertThat(UniqueNames.subjectPrefix(hint)).matches("t\\.[a-z][a-z0-9_]*\\.[a-z0-9]{8}");
        assertThat(UniqueNames.bucketName(hint)).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*").hasSizeBetween(3, 63);
    }

    @Test
    void digitsFirstHintStillStartsWithALetter() {
        assertThat(UniqueNames.lowerToken("42 things")).startsWith("t_42_things_");
    }

    @Test
    void sameHintGivesDifferentNames() {
        Set<String> names = new HashSet<>();
        IntStream.range(0, 1_000).forEach(i -> names.add(UniqueNames.lowerToken("same")));
        assertThat(names).hasSize(1_000);
    }
}
