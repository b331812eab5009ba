package io.inlet.pipeline.it;

import io.inlet.contracts.EventMetadata;
import io.inlet.contracts.EventType;
import io.inlet.pipeline.PipelineApplication;
import io.inlet.testsupport.Infrastructure;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts pipeline-service instances for a test's own event types, and publishes events as the consumer-service would. */
final class PipelineApps {

    private PipelineApps() {
    }

    static ConfigurableApplicationContext start(String prefix, String group, String registryUrl, String... extra) {
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of(
                "--server.port=0",
                "--spring.cloud.stream.nats.binder.servers=" + Infrastructure.nats().url(),
                "--spring.cloud.stream.bindings.applySchemas-in-0.destination=inlet.events." + prefix + ".>",
                "--spring.cloud.stream.bindings.applySchemas-in-0.group=" + group,
                "--inlet.registry.url=" + registryUrl,
                "--inlet.registry.timeout=2s"), java.util.Arrays.stream(extra)).toArray(String[]::new);
        return new SpringApplicationBuilder(PipelineApplication.class).run(args);
    }

    /** Publishes one event to {@code inlet.events.<type>} with the consumer-service's envelope; returns its id. */
    static String publish(Connection nats, String type, String body, Integer pinnedVersion) {
        String id = UUID.randomUUID().toString();
        EventMetadata metadata = new EventMetadata(id, EventType.of(type), Instant.parse("2026-11-24T10:00:00Z"),
                "nats", pinnedVersion, null, null);
        Headers headers = new Headers();
        metadata.toHeaders().forEach(headers::add);
        try {
            nats.jetStream().publish(NatsMessage.builder().subject("inlet.events." + type).headers(headers)
                    .data(body.getBytes(StandardCharsets.UTF_8)).build());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }
}
