package io.inlet.registryclient;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The registry client's view of the schema registry, as metrics: {@code inlet.registry.client.fetches} by
 * {@code kind} (load: a read of something not cached yet; refresh: the background reload of a cached entry) and
 * {@code outcome} (ok, not_found, failed), and {@code inlet.registry.client.cache.entries}. Failed refreshes while
 * the registry is away are harmless for a while (cached schemas keep being served); failed loads are events a stage
 * cannot handle yet (it naks them). Both are what the dashboard's registry row and the RegistryUnreachable alert read.
 */
public final class RegistryClientMetrics implements MeterBinder {

    static final String FETCHES = "inlet.registry.client.fetches";

    private final RegistryClient client;

    public RegistryClientMetrics(RegistryClient client) {
        this.client = client;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        fetches(registry, "load", "ok", RegistryClient::loads);
        fetches(registry, "load", "not_found", RegistryClient::loadsNotFound);
        fetches(registry, "load", "failed", RegistryClient::failedLoads);
        fetches(registry, "refresh", "ok", RegistryClient::refreshes);
        fetches(registry, "refresh", "failed", RegistryClient::failedRefreshes);
        Gauge.builder("inlet.registry.client.cache.entries", client, RegistryClient::cachedEntries)
                .description("schemas and pipelines cached from the schema registry (approximate)")
                .register(registry);
    }

    private void fetches(MeterRegistry registry, String kind, String outcome, ToDoubleFunction<RegistryClient> count) {
        FunctionCounter.builder(FETCHES, client, count)
                .description("requests of the registry client to the schema registry")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .register(registry);
    }
}
