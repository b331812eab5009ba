package io.inlet.lake.replay;

import io.inlet.binder.FramePublisher;
import io.inlet.binder.PublishScope;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Subjects;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.contracts.frame.Replays;
import io.inlet.lake.read.LakeFileReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs replays in the background, one at a time per instance: claims a running replay (its lease in PostgreSQL),
 * reads its error-lake files from its cursor on, and publishes the selected events back to
 * {@code inlet.raw.<type>} as frames (original id, received-at, API key id, request id and CloudEvents attributes as
 * the error row kept them, the replay marker and replay origin of {@link Replays}), at the replay's rate. After each frame is confirmed by JetStream the ledger rows and the cursor
 * are recorded in one transaction, so a restart resumes after the last recorded frame; a frame sent again after a
 * crash has the same message id (JetStream drops it within its duplicate window) and the same origins (the lake
 * drops it, always). A frame whose publish fails is tried again with a doubling backoff, {@code publish-attempts}
 * times in all, each failure shown on the replay ({@code message}); then the replay pauses with the last error and
 * keeps its cursor until {@code POST /api/lake/replays/{id}/resume}.
 */
public class ReplayRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplayRunner.class);
    private static final int FILES_PER_QUERY = 100;

    private final ReplayStore store;
    private final ErrorLakeFiles files;
    private final LakeFileReader reader;
    private final Supplier<FramePublisher> publisher;
    private final ReplayProperties properties;
    private final String errorLake;
    private final String owner = "lake-" + UUID.randomUUID();
    private final MeterRegistry meters;
    private final AtomicInteger active = new AtomicInteger();
    private final Object wake = new Object();
    private final Object backoffLock = new Object();
    private final Counter publishFailures;
    private volatile boolean running;
    private Thread thread;

    public ReplayRunner(ReplayStore store, ErrorLakeFiles files, LakeFileReader reader,
                        Supplier<FramePublisher> publisher, ReplayProperties properties, String errorLake,
                        MeterRegistry meters) {
        this.store = store;
        this.files = files;
        this.reader = reader;
        this.publisher = publisher;
        this.properties = properties;
        this.errorLake = errorLake;
        this.meters = meters;
        meters.gauge("inlet.lake.replays.active", active);
        for (String status : Replay.STATUSES) {
            Gauge.builder("inlet.lake.replays", store, s -> s.count(status)).tag("status", status)
                    .description("replays by status (paused: their publishes kept failing)").register(meters);
        }
        publishFailures = Counter.builder("inlet.lake.replay.publish.failures")
                .description("replay frames whose publish to inlet.raw failed (each attempt)").register(meters);
    }

    /** Looks for work now (a replay was just started). */
    public void wakeUp() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "lake-replay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            boolean worked = false;
            try {
                Optional<ReplayStore.Claimed> claimed = store.claim(owner, properties.lease());
                if (claimed.isPresent()) {
                    worked = true;
                    active.set(1);
                    run(claimed.get());
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // S3, NATS or PostgreSQL failed: the replay stays with this instance (its lease) and goes on from
                // its last recorded frame after a pause, not in a hot loop.
                worked = false;
                log.warn("replay round failed, trying again in {}: {}", properties.pollInterval(), e.toString());
            } finally {
                active.set(0);
            }
            if (!worked || Thread.interrupted()) {
                pause();
            }
        }
    }

    private void pause() {
        synchronized (wake) {
            try {
                wake.wait(Math.max(1, properties.pollInterval().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs one claimed replay to its end, or until it is cancelled, its lease is lost or this instance stops. */
    void run(ReplayStore.Claimed claimed) {
        Replay replay = claimed.replay();
        Progress progress = new Progress(replay, claimed.cursorFileId(), claimed.cursorRow());
        RateLimiter rate = new RateLimiter(replay.ratePerSecond());
        long fromId = claimed.cursorFileId();
        while (running) {
            List<ErrorLakeFiles.ErrorFile> batch = files.files(replay.selection(), fromId, claimed.lastFileId(),
                    FILES_PER_QUERY);
            if (batch.isEmpty()) {
                break;
            }
            for (ErrorLakeFiles.ErrorFile file : batch) {
                long start = file.id() == progress.cursorFile ? progress.cursorRow : 0;
                List<ErrorRecord> pending = new ArrayList<>();
                boolean[] stopped = {false};
                reader.scan(file.bucket(), file.key(), start, column -> true, row -> {
                    ErrorRecord record = ErrorRecord.of(file.id(), row);
                    progress.scanned++;
                    if (replay.selection().matches(record)) {
                        progress.matched++;
                        pending.add(record);
                    }
                    if (pending.size() >= properties.frameEvents()) {
                        if (!send(replay, pending, rate, progress, file.id(), row.position() + 1)) {
                            stopped[0] = true;
                            return false;
                        }
                        pending.clear();
                    }
                    return running;
                });
                if (stopped[0] || !running) {
                    return;
                }
                progress.filesDone++;
                if (!send(replay, pending, rate, progress, file.id() + 1, 0)) {
                    return;
                }
            }
            fromId = batch.get(batch.size() - 1).id() + 1;
        }
        if (running) {
            store.finish(replay.id(), owner, Replay.DONE, null);
            log.info("replay {} of {} done: {} sent", replay.id(), replay.eventType(),
                    store.find(replay.id()).map(Replay::sent).orElse(-1L));
        }
    }

    /** Publishes {@code events} (maybe none) and records them with the cursor; false when the replay must stop. */
    private boolean send(Replay replay, List<ErrorRecord> events, RateLimiter rate, Progress progress,
                         long cursorFile, long cursorRow) {
        List<ReplayStore.Sent> sent = new ArrayList<>(events.size());
        if (!events.isEmpty()) {
            rate.acquire(events.size());
            EventType type = new EventType(replay.eventType());
            Map<String, Origin> earlier = store.originsOf(replay.eventType(),
                    events.stream().map(ErrorRecord::eventId).distinct().toList());
            List<FramedEvent> framed = new ArrayList<>(events.size());
            for (ErrorRecord e : events) {
                Origin origin = earlier.getOrDefault(e.eventId(), Replays.origin(errorLake, e.fileId(), e.position()));
                Map<String, String> attributes = new HashMap<>(e.attributes());
                attributes.put(Replays.ATTRIBUTE, replay.id());
                framed.add(new FramedEvent(e.eventId(), e.receivedAt(), e.source() == null ? "replay" : e.source(),
                        replay.targetVersion(), null, e.apiKeyId(), e.requestId(), attributes, origin, null,
                        e.payload()));
                sent.add(new ReplayStore.Sent(e.eventId(), e.fileId(), e.position(), origin));
            }
            ErrorRecord first = events.get(0);
            if (!publish(replay, EventFrame.events(type, framed),
                    "replay:" + replay.id() + ":" + first.fileId() + ":" + first.position())) {
                return false;
            }
            Counter.builder("inlet.lake.replay.events.sent").tag("event_type", replay.eventType())
                    .description("error-lake events a replay published back to inlet.raw").register(meters)
                    .increment(events.size());
        }
        boolean kept = store.progress(owner, properties.lease(), replay.id(), replay.eventType(), sent, cursorFile,
                cursorRow, progress.filesDone, progress.scanned, progress.matched);
        progress.cursorFile = cursorFile;
        progress.cursorRow = cursorRow;
        progress.scanned = 0;
        progress.matched = 0;
        if (!kept) {
            log.info("replay {} stopped here: cancelled or taken over", replay.id());
        }
        return kept;
    }

    /**
     * Publishes one frame, trying up to {@code publish-attempts} times with a doubling backoff; each failed attempt
     * is shown on the replay and renews its lease. When every attempt failed the replay pauses with the last error.
     *
     * @return true once JetStream confirmed the frame; false when the replay must stop (paused, lost, stopping)
     */
    private boolean publish(Replay replay, EventFrame frame, String idBase) {
        long backoff = properties.retryBackoff().toMillis();
        long maxBackoff = Math.min(properties.maxRetryBackoff().toMillis(), properties.lease().toMillis() / 2);
        for (int attempt = 1; ; attempt++) {
            String error;
            try (PublishScope scope = PublishScope.open(frame.events().size())) {
                publisher.get().publish(Subjects.RAW, frame, idBase);
                scope.awaitAcks();
                return true;
            } catch (RuntimeException e) {
                error = "publishing to " + Subjects.RAW.of(frame.eventType()) + " failed (attempt " + attempt + " of "
                        + properties.publishAttempts() + "): " + e.getMessage();
            }
            publishFailures.increment();
            if (attempt >= properties.publishAttempts()) {
                if (store.pause(replay.id(), owner, error)) {
                    log.warn("replay {} of {} paused: {}", replay.id(), replay.eventType(), error);
                }
                return false;
            }
            log.info("replay {}: {}; trying again in {} ms", replay.id(), error, backoff);
            if (!store.attemptFailed(replay.id(), owner, properties.lease(), error) || !await(backoff)) {
                return false;
            }
            backoff = Math.min(backoff * 2, Math.max(1, maxBackoff));
        }
    }

    /** Waits {@code millis}; false when this instance stops meanwhile. */
    private boolean await(long millis) {
        synchronized (backoffLock) {
            try {
                backoffLock.wait(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running;
    }

    /** Counts since the last recorded progress, and where the cursor stands. */
    private static final class Progress {
        long cursorFile;
        long cursorRow;
        int filesDone;
        long scanned;
        long matched;

        Progress(Replay replay, long cursorFile, long cursorRow) {
            this.cursorFile = cursorFile;
            this.cursorRow = cursorRow;
            this.filesDone = replay.filesDone();
        }
    }
}
