package io.inlet.registry.schema;

import io.inlet.contracts.EventType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Serialises writes to one subject across threads and registry replicas: a PostgreSQL
 * transaction-scoped advisory lock keyed by the subject name, released at commit or rollback.
 */
@Component
class SubjectLock {

    private final JdbcClient jdbc;

    SubjectLock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run inside a transaction. */
    void lock(EventType subject) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:subject, 7311))::text")
                .param("subject", subject.name())
                .query(String.class)
                .single();
    }
}
