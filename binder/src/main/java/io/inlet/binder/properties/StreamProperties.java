package io.inlet.binder.properties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JetStream stream behind a binding. When {@link #getName() name} is set the binder creates
 * the stream, or updates it to these settings, at start-up; when it is not, the binder uses the
 * stream that already covers the destination, and creates one named after the destination only
 * when {@link #isAutoCreate() auto-create} is on.
 */
public class StreamProperties {

    /** Stream name; derived from the destination when empty (e.g. {@code inlet.raw.>} gives {@code INLET_RAW}). */
    private String name;
    /** Subjects the stream holds; the destination alone when empty. */
    private List<String> subjects = new ArrayList<>();
    /** Create a stream when none covers the destination. */
    private Boolean autoCreate;
    /** {@code file} or {@code memory}. */
    private Storage storage = Storage.FILE;
    /** How long messages are kept; zero keeps them until a limit is reached. */
    private Duration maxAge = Duration.ofDays(7);
    /** Upper bound on the stream's size in bytes; -1 for none. */
    private long maxBytes = -1;
    /** Number of replicas in a clustered JetStream. */
    private int replicas = 1;
    /** Window in which a repeated {@code Nats-Msg-Id} is stored only once. */
    private Duration duplicateWindow = Duration.ofMinutes(2);
    /**
     * When JetStream deletes a message, set when the binder creates the stream ({@link Retention}). JetStream cannot
     * change the retention of an existing stream: one that has another retention keeps it, with a warning at
     * start-up that says how to move.
     */
    private Retention retention = Retention.LIMITS;

    public enum Storage { FILE, MEMORY }

    /**
     * JetStream's retention policies, and what each means for an Inlet stage reading the stream through its durable
     * consumer (its group).
     */
    public enum Retention {
        /**
         * Messages stay until {@code max-age} or {@code max-bytes} removes them, whoever has read them (the
         * default): any number of groups can read the stream, a new group can replay it from the start, and a
         * stage's backlog is simply what its durable has not acked yet.
         */
        LIMITS,
        /**
         * A message is deleted as soon as the stage's durable acked it (for Inlet: once the stage's outputs were
         * confirmed, or, for the lake, once its file was committed), so the stream holds only the backlog; the limits
         * still apply on top. Consumers must not overlap: JetStream gives each subject of a workqueue stream to
         * one consumer only and refuses a second durable whose filter overlaps (the binding then fails at start-up
         * naming the stream), so every subject has exactly one group, and a binding without a group cannot read it.
         * Messages published before the durable exists are kept until it reads and acks them. Nothing can be
         * replayed once acked: a new group sees only what is still unacked.
         */
        WORKQUEUE,
        /**
         * A message is deleted once every consumer that existed when it was published acked it, and it is
         * dropped at once when no consumer's filter covers it. Do not use it for Inlet's inner streams (raw,
         * events, valid, errors): events published while a stage's durable does not exist yet, or was deleted, are
         * lost; nor for a stream that holds dead letters.
         */
        INTEREST
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getSubjects() {
        return subjects;
    }

    public void setSubjects(List<String> subjects) {
        this.subjects = subjects;
    }

    public Boolean getAutoCreate() {
        return autoCreate;
    }

    public boolean isAutoCreate() {
        return Boolean.TRUE.equals(autoCreate);
    }

    public void setAutoCreate(Boolean autoCreate) {
        this.autoCreate = autoCreate;
    }

    public Storage getStorage() {
        return storage;
    }

    public void setStorage(Storage storage) {
        this.storage = storage;
    }

    public Duration getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    public long getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public int getReplicas() {
        return replicas;
    }

    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    public Retention getRetention() {
        return retention;
    }

    public void setRetention(Retention retention) {
        this.retention = retention;
    }

    public Duration getDuplicateWindow() {
        return duplicateWindow;
    }

    public void setDuplicateWindow(Duration duplicateWindow) {
        this.duplicateWindow = duplicateWindow;
    }
}
