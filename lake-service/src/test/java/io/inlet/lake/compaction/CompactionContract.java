package io.inlet.lake.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.lake.support.DyingTableFormat;
import io.inlet.lake.support.LakeHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Compaction, run against each table format on real NATS, PostgreSQL and S3: the small files of a closed partition
 * become fewer files holding exactly their rows (by schema version's columns), for the commit log and for the
 * format's readers; a crash between the commit log's switch and the readers' switch is finished at the next start.
 */
abstract class CompactionContract {

    static final String V1 = """
            {"type":"object","additionalProperties":false,"required":["n"],
             "properties":{"n":{"type":"integer"},"tag":{"type":"string"}}}""";
    /** v1 plus a column: compatible, same table, its files have other columns. */
    static final String V2 = """
            {"type":"object","additionalProperties":false,"required":["n"],
             "properties":{"n":{"type":"integer"},"tag":{"type":"string"},"extra":{"type":"string"}}}""";
    static final Instant NINE = Instant.parse("2026-11-24T09:20:00Z");
    static final Instant TEN = Instant.parse("2026-11-24T10:20:00Z");
    static final int PER_FILE = 20;

    static LakeHarness harness;

    /** The lake's settings of the format under test. */
    abstract Map<String, Object> format();

    /** Every event id of a table as the format's own readers see it (one entry per row). */
    abstract List<String> idsReadBack(ConfigurableApplicationContext app, String table);

    /** How many data files the format's readers read for the table now. */
    abstract int filesReadBack(ConfigurableApplicationContext app, String table);

    /**
     * Whether the format's readers see a compaction in one step (Iceberg's rewrite commit). Readers globbing the
     * folder layout see the new file before the old ones are deleted, so for a moment (after a crash: until the next
     * janitor run) rows are there twice, never missing.
     */
    abstract boolean readersSwitchAtomically();

    /** Creates the harness; each subclass calls it from a @BeforeAll with its own hint. */
    static void harness(String hint) {
        harness = new LakeHarness(hint);
        for (String type : List.of("compact.tick", "compact.crash", "compact.read", "compact.lock")) {
            harness.registry.register(type, V1);
            harness.registry.register(type, V2);
        }
    }

    @AfterAll
    static void closeHarness() {
        harness.close();
    }

    ConfigurableApplicationContext start(Class<?>... extra) {
        Map<String, Object> settings = new HashMap<>(format());
        settings.put("inlet.lake.compaction.enabled", "false");
        settings.put("inlet.lake.compaction.closed-after", "0s");
        settings.put("inlet.lake.compaction.max-files", "1");
        settings.put("inlet.lake.commit.janitor-interval", "1h");
        settings.put("inlet.lake.commit.publish-grace", "0s");
        return harness.start(settings, extra);
    }

    /** Four files of the NINE partition (two per schema version) and one of TEN; returns the frames. */
    List<EventFrame> ingest(String type) {
        List<EventFrame> frames = new ArrayList<>();
        int n = 0;
        for (int file = 0; file < 5; file++) {
            int version = file < 2 ? 1 : 2;
            Instant at = file < 4 ? NINE : TEN;
            List<FramedEvent> events = new ArrayList<>();
            for (int i = 0; i < PER_FILE; i++, n++) {
                events.add(LakeHarness.validEvent(type + "-" + n, at, version, version == 1
                        ? "{\"n\":" + n + ",\"tag\":\"t" + (n % 3) + "\"}"
                        : "{\"n\":" + n + ",\"tag\":\"t" + (n % 3) + "\",\"extra\":\"x\"}"));
            }
            frames.add(harness.publishValid(type, events));
            long files = file + 1;
            // One frame per file: the next frame is published once this one is committed and published.
            await().atMost(Duration.ofSeconds(60)).until(() -> files(type) == files && unpublished(type) == 0);
        }
        return frames;
    }

    @Test
    void compactsSmallFilesOfAClosedPartitionKeepingEveryRowOnce() {
        String type = "compact.tick";
        ConfigurableApplicationContext app = start();
        try {
            List<EventFrame> frames = ingest(type);
            List<String> before = idsReadBack(app, type);
            assertThat(before).hasSize(5 * PER_FILE).doesNotHaveDuplicates();
            assertThat(filesReadBack(app, type)).isEqualTo(5);

            // v1's two files merge, v2's two files merge; TEN's single file stays.
            assertThat(app.getBean(Compactor.class).runOnce()).isEqualTo(2);

            assertThat(files(type)).isEqualTo(3);
            assertThat(harness.number("select sum(row_count) from lake_file where event_type = '" + type + "'"))
                    .isEqualTo(5 * PER_FILE);
            assertThat(new TreeSet<>(idsReadBack(app, type))).isEqualTo(new TreeSet<>(before));
            assertThat(idsReadBack(app, type)).hasSize(5 * PER_FILE);
            assertThat(filesReadBack(app, type)).isEqualTo(3);
            // Nothing left to merge: a second run writes nothing.
            assertThat(app.getBean(Compactor.class).runOnce()).isZero();

            // The origins moved to the compacted files: a redelivered frame is still a duplicate.
            harness.publish(harness.validPrefix() + "." + type, frames.get(0));
            await().atMost(Duration.ofSeconds(30)).until(() -> harness.consumer(harness.validStream,
                    harness.validDurable()).getNumAckPending() == 0 && harness.consumer(harness.validStream,
                    harness.validDurable()).getNumPending() == 0);
            assertThat(harness.number("select sum(row_count) from lake_file where event_type = '" + type + "'"))
                    .isEqualTo(5 * PER_FILE);
            assertThat(idsReadBack(app, type)).hasSize(5 * PER_FILE);
        } finally {
            app.close();
        }
    }

    @Test
    void aCrashBetweenTheCommitLogAndTheReadersSwitchIsFinishedAtTheNextStart() {
        String type = "compact.crash";
        DyingTableFormat.CRASHES.put(type, DyingTableFormat.Crash.BEFORE_REPLACE);
        ConfigurableApplicationContext first = start(DyingTableFormat.class);
        List<String> before;
        try {
            ingest(type);
            before = idsReadBack(first, type);
            assertThat(first.getBean(Compactor.class).runOnce()).isEqualTo(2);
            // The commit log switched; nothing is lost for readers.
            assertThat(unpublished(type)).isEqualTo(2);
            assertThat(Set.copyOf(idsReadBack(first, type))).isEqualTo(Set.copyOf(before));
            if (readersSwitchAtomically()) {
                // Iceberg: the table still is the old files, every row once.
                assertThat(idsReadBack(first, type)).hasSize(5 * PER_FILE);
                assertThat(filesReadBack(first, type)).isEqualTo(5);
            }
        } finally {
            first.close();
            DyingTableFormat.CRASHES.remove(type);
        }

        ConfigurableApplicationContext second = start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(type) == 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> filesReadBack(second, type) == 3);
            assertThat(idsReadBack(second, type)).hasSize(5 * PER_FILE);
            assertThat(Set.copyOf(idsReadBack(second, type))).isEqualTo(Set.copyOf(before));
        } finally {
            second.close();
        }
    }

    static long files(String type) {
        return harness.number("select count(*) from lake_file where event_type = '" + type + "'");
    }

    static long unpublished(String type) {
        return harness.number("select count(*) from lake_file where published_at is null and event_type = '"
                + type + "'");
    }
}
