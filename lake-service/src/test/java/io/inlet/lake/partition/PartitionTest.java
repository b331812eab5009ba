package io.inlet.lake.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PartitionTest {

    @Test
    void anHourOfAColumnIsItsUtcDateAndHour() {
        Partition p = Partition.of("occurred_at", Instant.parse("2026-11-24T09:59:59.999Z"));

        assertThat(p.source()).isEqualTo("occurred_at");
        assertThat(p.path()).isEqualTo("dt=2026-11-24/hr=09");
        assertThat(p.start()).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
        assertThat(p.isNull()).isFalse();
    }

    @Test
    void aNullValueIsTheNullPartitionInHivesDefaultPartitionFolders() {
        Partition p = Partition.of("occurred_at", null);

        assertThat(p.isNull()).isTrue();
        assertThat(p.path()).isEqualTo("dt=__HIVE_DEFAULT_PARTITION__/hr=__HIVE_DEFAULT_PARTITION__");
        assertThat(p.hourOrNull()).isNull();
        assertThat(p.start()).isNull();
        assertThat(p).isEqualTo(Partition.nullOf("occurred_at")).isNotEqualTo(Partition.nullOf("_inlet_received_at"));
    }

    @Test
    void theCommitLogsColumnsGiveThePartitionBackWithReceivedAtForOlderRows() {
        assertThat(Partition.fromColumns(null, LocalDate.of(2026, 11, 24), 9))
                .isEqualTo(Partition.of(Instant.parse("2026-11-24T09:10:00Z")));
        assertThat(Partition.fromColumns("occurred_at", null, null)).isEqualTo(Partition.nullOf("occurred_at"));
    }

    @Test
    void refusesAnHourOutOfRangeOrAnHourWithoutADate() {
        assertThatThrownBy(() -> new Partition(LocalDate.of(2026, 1, 1), 24)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Partition("x", null, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
