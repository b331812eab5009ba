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

    public enum Storage { FILE, MEMORY }

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

    public Duration getDuplicateWindow() {
        return duplicateWindow;
    }

    public void setDuplicateWindow(Duration duplicateWindow) {
        this.duplicateWindow = duplicateWindow;
    }
}
