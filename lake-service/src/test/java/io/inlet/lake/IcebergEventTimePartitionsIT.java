package io.inlet.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.lake.support.IcebergReads;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Event-time partitions of Iceberg tables, read back by Iceberg's generic reader with filters on the column. */
class IcebergEventTimePartitionsIT extends EventTimePartitions {

    @BeforeAll
    static void startLake() {
        start("evt-ice", java.util.Map.of("inlet.lake.table-format", "iceberg"));
    }

    private static IcebergReads reads() {
        return new IcebergReads(app.getBean(JdbcCatalog.class), harness.s3().client());
    }

    @Test
    void theDataTablesSpecIsTheHourOfOccurredAtAndTheErrorTablesOfReceivedAt() {
        Table data = reads().table("inlet", TYPE);
        Table errors = reads().table("inlet_errors", TYPE);

        assertThat(data.spec().fields()).singleElement()
                .satisfies(f -> assertThat(data.schema().findColumnName(f.sourceId())).isEqualTo("occurred_at"));
        assertThat(errors.spec().fields()).singleElement().satisfies(f ->
                assertThat(errors.schema().findColumnName(f.sourceId())).isEqualTo("_inlet_received_at"));
    }

    @Override
    List<String> idsInHour(Instant hour) {
        return ids("inlet", inHour("occurred_at", hour));
    }

    @Override
    List<String> idsWithoutOccurredAt() {
        return ids("inlet", Expressions.isNull("occurred_at"));
    }

    @Override
    List<String> allIds() {
        return ids("inlet", Expressions.alwaysTrue());
    }

    @Override
    List<String> errorIdsInReceivedHour(Instant hour) {
        return ids("inlet_errors", inHour("_inlet_received_at", hour));
    }

    private static Expression inHour(String column, Instant hour) {
        long micros = hour.getEpochSecond() * 1_000_000L;
        return Expressions.and(Expressions.greaterThanOrEqual(column, micros),
                Expressions.lessThan(column, micros + 3_600_000_000L));
    }

    private static List<String> ids(String namespace, Expression filter) {
        IcebergReads reads = reads();
        return reads.rows(reads.table(namespace, TYPE), filter).stream()
                .map(r -> (String) r.getField("_inlet_event_id")).toList();
    }
}
