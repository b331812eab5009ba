package io.inlet.testsupport;

/** Starts throw-away service containers; the last resort when neither env vars nor local services provide one. */
interface ContainerRuntime {

    Availability availability();

    PostgresInstance startPostgres();

    NatsInstance startNats();
}
