package io.inlet.lake.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.lake.buffer.Lake;
import io.inlet.lake.partition.Partition;
import io.inlet.testsupport.Infrastructure;
import io.inlet.testsupport.IsolatedSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The commit log on a real PostgreSQL: which events are committed, and a second commit of one is refused. */
class CommitLogIT {

    private static CommitLog log;

    @BeforeAll
    static void migrate() {
        IsolatedSchema schema = Infrastructure.postgres().createSchema("commitlog");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(schema.jdbcUrl(), schema.username(),
                schema.password());
        Flyway.configure().dataSource(dataSource).schemas(schema.name()).defaultSchema(schema.name()).load().migrate();
        log = new CommitLog(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @Test
    void findsExactlyTheCommittedIdsOfTheSameLakeAndType() {
        List<String> committed = ids("a", 0, 5_000);
        commit(Lake.DATA, "order.created", committed);
        commit(Lake.DATA, "page.viewed", ids("b", 0, 10));

        List<String> asked = new ArrayList<>(ids("a", 4_990, 5_010));
        asked.addAll(ids("b", 0, 3));
        assertThat(log.committedEventIds(Lake.DATA, "order.created", asked))
                .as("ids of other types and ids not yet committed are not reported")
                .containsExactlyInAnyOrderElementsOf(ids("a", 4_990, 5_000));
        assertThat(log.committedEventIds(Lake.ERRORS, "order.created", committed)).isEmpty();
        assertThat(log.committedEventIds(Lake.DATA, "order.created", List.of())).isEmpty();
    }

    @Test
    void aSecondCommitOfAnEventIsRefusedAndRecordsNothing() {
        commit(Lake.DATA, "user.signed_up", ids("c", 0, 3));

        assertThatThrownBy(() -> commit(Lake.DATA, "user.signed_up", ids("c", 2, 4)))
                .isInstanceOf(DuplicateEventsException.class);
        assertThat(log.committedEventIds(Lake.DATA, "user.signed_up", ids("c", 0, 4)))
                .containsExactlyInAnyOrderElementsOf(ids("c", 0, 3));
    }

    private static void commit(Lake lake, String type, List<String> eventIds) {
        String key = type + "/" + eventIds.get(0) + ".parquet";
        FileCommit file = new FileCommit(lake, "bucket", type, type, Partition.of(Instant.now()), key,
                "_staging/" + key, eventIds.size(), 1L, 1, 1, "INLET_VALID");
        log.commit(file, eventIds, IntStream.range(0, eventIds.size()).asLongStream().toArray(), List.of(), 0);
    }

    private static List<String> ids(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + "-" + i).toList();
    }
}
