package io.inlet.faults.inject;

import io.inlet.localrunner.S3Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * S3Proxy on a folder that can go down and come back on the same port with the same objects.
 *
 * <p>S3Proxy's filesystem store writes an upload to {@code <key>-<uuid>} beside the key and renames it when complete;
 * an upload cut off by a killed client leaves that file behind, and every later listing of its folder fails on it.
 * Real S3 discards an incomplete PUT, so such files older than {@link #ABANDONED_UPLOAD_AGE} are removed here, once
 * a second: the lake is judged on S3's behaviour, not on the emulator's.
 */
public final class RestartableS3 implements AutoCloseable {

    public static final Duration ABANDONED_UPLOAD_AGE = Duration.ofSeconds(10);
    private static final Pattern UPLOAD_IN_PROGRESS = Pattern.compile(
            ".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path folder;
    private final String[] buckets;
    private final int port;
    private final Map<String, String> lakeProperties;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "s3-abandoned-uploads");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger swept = new AtomicInteger();
    private S3Endpoint endpoint;

    public RestartableS3(Path folder, String... buckets) {
        this.folder = folder;
        this.buckets = buckets.clone();
        this.endpoint = S3Endpoint.onFolder(folder, 0, buckets);
        this.port = endpoint.endpoint().getPort();
        this.lakeProperties = endpoint.lakeProperties();
        sweeper.scheduleWithFixedDelay(this::sweepAbandonedUploads, 1, 1, TimeUnit.SECONDS);
    }

    /** How many abandoned uploads were removed so far. */
    public int abandonedUploadsRemoved() {
        return swept.get();
    }

    private void sweepAbandonedUploads() {
        long before = System.currentTimeMillis() - ABANDONED_UPLOAD_AGE.toMillis();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> UPLOAD_IN_PROGRESS.matcher(f.getFileName().toString()).matches())
                    .toList()) {
                if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toMillis() < before
                        && Files.deleteIfExists(file)) {
                    swept.incrementAndGet();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // a file renamed or deleted while walked: the next sweep sees the folder as it is
        }
    }

    public Path folder() {
        return folder;
    }

    /** {@code inlet.lake.s3.*}: the same before and after a restart. */
    public Map<String, String> lakeProperties() {
        return lakeProperties;
    }

    public synchronized void stop() throws Exception {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    public synchronized void start() {
        if (endpoint == null) {
            endpoint = S3Endpoint.onFolder(folder, port, buckets);
        }
    }

    @Override
    public void close() throws Exception {
        sweeper.shutdownNow();
        stop();
    }

    @Override
    public String toString() {
        return "S3Proxy on 127.0.0.1:" + port + " over " + folder;
    }
}
