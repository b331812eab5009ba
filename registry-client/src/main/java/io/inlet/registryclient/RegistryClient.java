package io.inlet.registryclient;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.inlet.contracts.EventType;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads schemas (and the pipeline steps declared per subject) from the Inlet schema registry (by subject and version, latest, or global id)
 * through a Caffeine cache. Entries older than {@code refreshAfterWrite} are reloaded in the
 * background on their next read while the cached value is returned at once; if the registry is
 * down the reload fails and the cached value keeps being served. Nothing expires on time, so a
 * service keeps working on what it has seen for as long as the registry is away.
 */
public final class RegistryClient implements AutoCloseable {

    private sealed interface Key permits BySubjectVersion, Latest, ById, Pipeline, PipelineRevision {
    }

    private record BySubjectVersion(String subject, int version) implements Key {
    }

    private record Latest(String subject) implements Key {
    }

    private record ById(long id) implements Key {
    }

    private record Pipeline(String subject) implements Key {
    }

    private record PipelineRevision(String subject, long revision) implements Key {
    }

    private static final Logger log = LoggerFactory.getLogger(RegistryClient.class);

    private final RegistryHttpApi api;
    private final AtomicLong failedRefreshes = new AtomicLong();
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong loadsNotFound = new AtomicLong();
    private final AtomicLong failedLoads = new AtomicLong();
    private final LoadingCache<Key, Object> cache;
    private final ExecutorService refresher;

    private RegistryClient(Builder builder) {
        this.api = new RegistryHttpApi(builder.baseUrl, builder.timeout, builder.authorization);
        this.refresher = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "inlet-registry-client-refresh");
            thread.setDaemon(true);
            return thread;
        });
        Executor executor = refresher;
        this.cache = Caffeine.newBuilder()
                .maximumSize(builder.maximumSize)
                .refreshAfterWrite(builder.refreshAfterWrite)
                .executor(executor)
                .ticker(builder.ticker)
                .build(new CacheLoader<Key, Object>() {
                    @Override
                    public Object load(Key key) {
                        try {
                            Object loaded = RegistryClient.this.load(key);
                            loads.incrementAndGet();
                            return loaded;
                        } catch (RegistryClientException e) {
                            (e.notFound() ? loadsNotFound : failedLoads).incrementAndGet();
                            throw e;
                        }
                    }

                    /** A failed refresh keeps the cached value (and tries again one interval later). */
                    @Override
                    public Object reload(Key key, Object oldValue) {
                        try {
                            Object reloaded = RegistryClient.this.load(key);
                            refreshes.incrementAndGet();
                            return reloaded;
                        } catch (RegistryClientException e) {
                            long failures = failedRefreshes.incrementAndGet();
                            if (failures == 1 || failures % 100 == 0) {
                                log.warn("Schema registry refresh failed ({} so far), serving cached schemas: {}",
                                        failures, e.getMessage());
                            } else {
                                log.debug("Schema registry refresh of {} failed: {}", key, e.getMessage());
                            }
                            return oldValue;
                        }
                    }
                });
    }

    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** A given version of a subject. */
    public RegistrySchema schema(String subject, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        return (RegistrySchema) cache.get(new BySubjectVersion(EventType.of(subject).name(), version));
    }

    /** The latest version of a subject, as of the last (background) refresh. */
    public RegistrySchema latest(String subject) {
        return (RegistrySchema) cache.get(new Latest(EventType.of(subject).name()));
    }

    /**
     * The pipeline steps declared for a subject (none if none were declared or the subject is unknown),
     * cached and refreshed like schemas: a registry that is down keeps the cached steps in force.
     */
    public RegistryPipeline pipeline(String subject) {
        return (RegistryPipeline) cache.get(new Pipeline(EventType.of(subject).name()));
    }

    /**
     * Revision {@code revision} of a subject's pipeline as it was declared (revision 0: no steps), cached like a
     * version (a revision never changes); throws {@link RegistryClientException} (not found) for a revision the
     * subject never had.
     */
    public RegistryPipeline pipeline(String subject, long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("revision must be >= 0, was " + revision);
        }
        if (revision == 0) {
            return RegistryPipeline.none(EventType.of(subject).name());
        }
        return (RegistryPipeline) cache.get(new PipelineRevision(EventType.of(subject).name(), revision));
    }

    /** A schema by its global id. */
    public RegistrySchema byId(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("id must be >= 1, was " + id);
        }
        return (RegistrySchema) cache.get(new ById(id));
    }

    /** Background refreshes that failed and kept a cached value; for metrics and tests. */
    public long failedRefreshes() {
        return failedRefreshes.get();
    }

    /** Background refreshes that succeeded. */
    public long refreshes() {
        return refreshes.get();
    }

    /** Reads of something not cached yet that the registry answered. */
    public long loads() {
        return loads.get();
    }

    /** Reads of something not cached yet that the registry does not have (404): the caller got a not-found error. */
    public long loadsNotFound() {
        return loadsNotFound.get();
    }

    /**
     * Reads of something not cached yet that failed for another reason (registry unreachable, timed out, 5xx,
     * refused the credentials): the caller got the error and nothing is cached.
     */
    public long failedLoads() {
        return failedLoads.get();
    }

    /** Number of cached entries (approximate); for metrics and tests. */
    public long cachedEntries() {
        return cache.estimatedSize();
    }

    private Object load(Key key) {
        if (key instanceof Pipeline k) {
            return api.pipeline(k.subject());
        }
        if (key instanceof PipelineRevision k) {
            return api.pipelineRevision(k.subject(), k.revision());
        }
        if (key instanceof BySubjectVersion k) {
            return api.subjectVersion(k.subject(), Integer.toString(k.version()));
        }
        if (key instanceof Latest k) {
            return api.subjectVersion(k.subject(), "latest");
        }
        return api.schemaById(((ById) key).id());
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    /** Settings of a {@link RegistryClient}; only the base URL is required. */
    public static final class Builder {
        private final URI baseUrl;
        private Duration refreshAfterWrite = Duration.ofMinutes(1);
        private long maximumSize = 10_000;
        private Duration timeout = Duration.ofSeconds(5);
        private String authorization;
        private Ticker ticker = Ticker.systemTicker();

        private Builder(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /** How old an entry may get before a read triggers a background reload (default 1 minute). */
        public Builder refreshAfterWrite(Duration refreshAfterWrite) {
            this.refreshAfterWrite = Objects.requireNonNull(refreshAfterWrite);
            return this;
        }

        public Builder maximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
            return this;
        }

        /** Connect and request timeout (default 5 seconds). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder bearerToken(String token) {
            this.authorization = token == null || token.isBlank() ? null : RegistryHttpApi.bearer(token);
            return this;
        }

        public Builder basicAuth(String username, String password) {
            this.authorization = username == null || username.isBlank() ? null
                    : RegistryHttpApi.basic(username, password == null ? "" : password);
            return this;
        }

        /** For tests that control time. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker);
            return this;
        }

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }
}
