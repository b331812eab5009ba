package io.inlet.lake.support;

import io.inlet.lake.buffer.BufferKey;
import io.inlet.lake.commit.CommittedFile;
import io.inlet.lake.schema.TableSchema;
import io.inlet.lake.table.PlannedFile;
import io.inlet.lake.table.TableFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * Test hook: the lake's table format dies where {@link #CRASHES} says for an event type's files, as a process
 * killed at that point would leave things (the janitor of the next start must finish). Add this configuration to
 * a lake instance ({@link LakeHarness#start(Map, Class[])}); it has no {@code @Configuration}, so that component
 * scanning never adds it to other tests' lakes.
 */
public class DyingTableFormat {

    public enum Crash {
        /** Committed in the commit log, not registered with the table (Iceberg: not appended). */
        BEFORE_REGISTER,
        /** Registered (Iceberg: appended), not marked published in the commit log. */
        AFTER_REGISTER,
        /** A compaction committed in the commit log, not switched for readers (Iceberg: no rewrite commit). */
        BEFORE_REPLACE
    }

    /** Event type → where its files' publication dies. */
    public static final Map<String, Crash> CRASHES = new ConcurrentHashMap<>();

    @Bean
    static BeanPostProcessor dyingTableFormatHook() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof TableFormat format ? new Dying(format) : bean;
            }
        };
    }

    private record Dying(TableFormat format) implements TableFormat {
        @Override
        public String name() {
            return format.name();
        }

        @Override
        public PlannedFile plan(BufferKey key, TableSchema columns, String fileName) {
            return format.plan(key, columns, fileName);
        }

        @Override
        public void register(CommittedFile file) {
            Crash crash = CRASHES.get(file.file().eventType());
            if (crash == Crash.BEFORE_REGISTER) {
                throw new IllegalStateException("test hook: dies before registering " + file.id());
            }
            format.register(file);
            if (crash == Crash.AFTER_REGISTER) {
                throw new IllegalStateException("test hook: dies after registering " + file.id());
            }
        }

        @Override
        public void replace(List<CommittedFile> replaced, CommittedFile replacement) {
            if (CRASHES.get(replacement.file().eventType()) == Crash.BEFORE_REPLACE) {
                throw new IllegalStateException("test hook: dies before replacing files by " + replacement.id());
            }
            format.replace(replaced, replacement);
        }

        @Override
        public boolean keepsReplacedFiles() {
            return format.keepsReplacedFiles();
        }

        @Override
        public int expireHistory(java.time.Instant before) {
            return format.expireHistory(before);
        }
    }
}
