package io.inlet.lake.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.contracts.frame.Origin;
import io.inlet.lake.buffer.Lake;
import io.inlet.lake.partition.Partition;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The commit log on a real PostgreSQL: which origins are committed (by lake, event type and origin stream), a
 * second commit of one is refused, also when two commits race, and a file costs one row however many events it has.
 */
class CommitLogIT {

    private static final String RAW = "INLET_RAW@1764000000000";
    private static final AtomicInteger FILES = new AtomicInteger();

    private static CommitLog log;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void migrate() {
        IsolatedSchema schema = Infrastructure.postgres().createSchema("commitlog");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(schema.jdbcUrl(), schema.username(),
                schema.password());
        Flyway.configure().dataSource(dataSource).schemas(schema.name()).defaultSchema(schema.name()).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        log = new CommitLog(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @Test
    void findsExactlyTheCommittedOriginsOfTheSameLakeTypeAndStream() {
        // raw messages 100..599 of 10 events each, then asked about messages 590..609 and another stream's
        List<Origin> committed = messages(RAW, 100, 600, 10);
        commit(Lake.DATA, "order.created", committed);
        commit(Lake.DATA, "page.viewed", messages(RAW, 1_000, 1_010, 3));

        List<Origin> asked = new ArrayList<>(messages(RAW, 590, 610, 10));
        asked.addAll(messages("INLET_RAW@1", 590, 600, 10));
        OriginRanges found = log.committedOrigins(Lake.DATA, "order.created", OriginRanges.of(asked));
        assertThat(asked.stream().filter(found::contains).toList())
                .as("origins of other streams and origins not yet committed are not reported")
                .containsExactlyElementsOf(messages(RAW, 590, 600, 10));
        assertThat(log.committedOrigins(Lake.ERRORS, "order.created", OriginRanges.of(committed)).isEmpty()).isTrue();
        assertThat(log.committedOrigins(Lake.DATA, "page.viewed", OriginRanges.of(committed)).isEmpty()).isTrue();
        assertThat(log.committedOrigins(Lake.DATA, "order.created", OriginRanges.none()).isEmpty()).isTrue();
    }

    @Test
    void aSecondCommitOfAnOriginIsRefusedAndRecordsNothing() {
        commit(Lake.DATA, "user.signed_up", messages(RAW, 10, 13, 2));
        long files = files("user.signed_up");

        List<Origin> overlapping = new ArrayList<>(messages(RAW, 12, 14, 2).subList(1, 4));
        assertThatThrownBy(() -> commit(Lake.DATA, "user.signed_up", overlapping))
                .isInstanceOf(DuplicateEventsException.class);
        assertThat(files("user.signed_up")).isEqualTo(files);
        OriginRanges found = log.committedOrigins(Lake.DATA, "user.signed_up",
                OriginRanges.of(messages(RAW, 10, 14, 2)));
        assertThat(messages(RAW, 10, 14, 2).stream().filter(found::contains).toList())
                .containsExactlyElementsOf(messages(RAW, 10, 13, 2));
        // the next message's first event is not covered by the last one's range, however it ends
        commit(Lake.DATA, "user.signed_up", messages(RAW, 13, 14, 2));
    }

    @Test
    void ofTwoInstancesCommittingTheSameOriginsAtOnceExactlyOneSucceeds() throws Exception {
        List<Origin> origins = messages(RAW, 5_000, 5_100, 5);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Boolean> attempt = () -> {
                    start.await();
                    try {
                        commit(Lake.DATA, "race.tick", origins);
                        return true;
                    } catch (DuplicateEventsException e) {
                        return false;
                    }
                };
                attempts.add(threads.submit(attempt));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> attempt : attempts) {
                won += attempt.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(files("race.tick")).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFileCostsOneRowAndOneRangeForConsecutiveMessagesHoweverManyEvents() {
        commit(Lake.DATA, "bulk.tick", messages(RAW, 20_000, 21_000, 50));
        assertThat(jdbc.queryForObject("select count(*) from lake_file_origin where event_type = 'bulk.tick'",
                Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select ranges::text from lake_file_origin where event_type = 'bulk.tick'",
                String.class)).isEqualTo("{[" + (20_000L << 16) + "," + (21_000L << 16) + ")}");
    }

    private static long files(String type) {
        return jdbc.queryForObject("select count(*) from lake_file where event_type = ?", Long.class, type);
    }

    private static void commit(Lake lake, String type, List<Origin> origins) {
        String key = type + "/" + FILES.incrementAndGet() + ".parquet";
        FileCommit file = new FileCommit(lake, "bucket", type, type, Partition.of(Instant.now()), key,
                "_staging/" + key, origins.size(), 1L, 1, 1, "INLET_VALID");
        log.commit(file, OriginRanges.of(origins), List.of(), 0);
    }

    /** The origins of raw messages {@code from..to-1} of {@code events} events each. */
    private static List<Origin> messages(String stream, long from, long to, int events) {
        List<Origin> origins = new ArrayList<>();
        for (long seq = from; seq < to; seq++) {
            for (int i = 0; i < events; i++) {
                origins.add(Origin.of(stream, seq, i, events));
            }
        }
        return origins;
    }
}
