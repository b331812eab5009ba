package io.inlet.testsupport;

/** A container runtime that records whether it was asked to start anything. */
final class FakeContainers implements ContainerRuntime {

    static final PostgresInstance POSTGRES = new PostgresInstance("jdbc:postgresql://docker:1/test", "test", "test",
            "testcontainers");
    static final NatsInstance NATS = new NatsInstance("nats://docker:2", "testcontainers");

    private final Availability availability;
    int starts;

    private FakeContainers(Availability availability) {
        this.availability = availability;
    }

    static FakeContainers working() {
        return new FakeContainers(Availability.yes());
    }

    static FakeContainers missing() {
        return new FakeContainers(Availability.no("no Docker here"));
    }

    @Override
    public Availability availability() {
        return availability;
    }

    @Override
    public PostgresInstance startPostgres() {
        starts++;
        return POSTGRES;
    }

    @Override
    public NatsInstance startNats() {
        starts++;
        return NATS;
    }
}
