package io.inlet.lake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** Event-time partitions of the Hive-partitioned folders, read back by DuckDB over the table's folders. */
class EventTimePartitionsIT extends EventTimePartitions {

    /** DuckDB 2.0.0 reads {@code __HIVE_DEFAULT_PARTITION__} as text: the folders' values as text, then NULLIF. */
    private static final String AS_TEXT = ", hive_types = {'dt': VARCHAR, 'hr': VARCHAR}";
    private static final String DT = "NULLIF(dt, '__HIVE_DEFAULT_PARTITION__')";
    private static final String HR = "NULLIF(hr, '__HIVE_DEFAULT_PARTITION__')";

    @BeforeAll
    static void startLake() {
        start("evt-pq", Map.of("inlet.lake.table-format", "parquet"));
    }

    @Override
    List<String> idsInHour(Instant hour) {
        return ids(harness.lakeBucket, TYPE, hour);
    }

    @Override
    List<String> idsWithoutOccurredAt() {
        return select(harness.lakeBucket, TYPE, DT + " IS NULL AND " + HR + " IS NULL");
    }

    @Override
    List<String> allIds() {
        return select(harness.lakeBucket, TYPE, "true");
    }

    @Override
    List<String> errorIdsInReceivedHour(Instant hour) {
        return ids(harness.errorBucket, TYPE, hour);
    }

    private static List<String> ids(String bucket, String table, Instant hour) {
        ZonedDateTime utc = hour.atZone(ZoneOffset.UTC);
        return select(bucket, table, "CAST(" + DT + " AS DATE) = DATE '" + utc.toLocalDate() + "' AND CAST(" + HR
                + " AS INTEGER) = " + utc.getHour());
    }

    private static List<String> select(String bucket, String table, String where) {
        return harness.query(bucket, table, "SELECT _inlet_event_id AS id FROM lake WHERE " + where, AS_TEXT)
                .stream().map(r -> (String) r.get("id")).toList();
    }
}
