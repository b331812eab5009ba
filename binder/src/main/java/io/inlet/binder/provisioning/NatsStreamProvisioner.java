package io.inlet.binder.provisioning;

import io.inlet.binder.connection.NatsConnectionProvider;
import io.inlet.binder.connection.NatsNotConnectedException;
import io.inlet.binder.properties.NatsConsumerProperties;
import io.inlet.binder.properties.NatsProducerProperties;
import io.inlet.binder.properties.StreamProperties;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.provisioning.ProvisioningException;
import org.springframework.cloud.stream.provisioning.ProvisioningProvider;
import org.springframework.util.StringUtils;

/**
 * Creates or updates the JetStream streams and consumers that bindings need, idempotently: running
 * it again with the same properties changes nothing, and a stream that cannot be made to match
 * (another storage type, subjects that overlap another stream) stops the binding with a message
 * that says what to change.
 */
public class NatsStreamProvisioner implements ProvisioningProvider<ExtendedConsumerProperties<NatsConsumerProperties>,
        ExtendedProducerProperties<NatsProducerProperties>> {

    private static final Log log = LogFactory.getLog(NatsStreamProvisioner.class);
    private static final int STREAM_NOT_FOUND = 10059;
    private static final Duration ANONYMOUS_INACTIVE_THRESHOLD = Duration.ofMinutes(5);
    private static final Duration DEAD_LETTER_MAX_AGE = Duration.ofDays(14);

    private final NatsConnectionProvider connection;

    public NatsStreamProvisioner(NatsConnectionProvider connection) {
        this.connection = connection;
    }

    @Override
    public NatsProducerDestination provisionProducerDestination(String name,
            ExtendedProducerProperties<NatsProducerProperties> properties) {
        StreamProperties stream = properties.getExtension().getStream();
        try {
            return new NatsProducerDestination(name, ensureStream(name, stream, false), true);
        } catch (NatsNotConnectedException e) {
            log.warn("Binding '" + properties.getBindingName() + "' to '" + name + "' before NATS is reachable; its "
                    + "stream will be ensured before the first publish");
            return new NatsProducerDestination(name, null, false);
        }
    }

    @Override
    public NatsConsumerDestination provisionConsumerDestination(String name, String group,
            ExtendedConsumerProperties<NatsConsumerProperties> properties) {
        NatsConsumerProperties nats = properties.getExtension();
        String stream = ensureStream(name, nats.getStream(), true);
        if (stream == null) {
            throw new ProvisioningException("No JetStream stream covers '" + name + "' for binding '"
                    + properties.getBindingName() + "': set spring.cloud.stream.nats.bindings."
                    + properties.getBindingName() + ".consumer.stream.name (and .subjects), or stream.auto-create=true");
        }
        boolean durable = StringUtils.hasText(group) || StringUtils.hasText(nats.getDurableName());
        String consumerName = StringUtils.hasText(nats.getDurableName()) ? NatsNames.consumerNameFor(nats.getDurableName())
                : durable ? NatsNames.consumerNameFor(group) : "anon_" + UUID.randomUUID().toString().replace("-", "");
        ensureConsumer(stream, consumerName, durable, name, nats);
        String deadLetterSubject = StringUtils.hasText(nats.getDeadLetterSubject()) ? nats.getDeadLetterSubject()
                : "dlq." + consumerName;
        if (nats.isProvisionDeadLetterStream()) {
            ensureDeadLetterStream(deadLetterSubject, nats.getStream().getStorage());
        }
        return new NatsConsumerDestination(name, stream, consumerName, durable, deadLetterSubject);
    }

    /** Deletes what only this instance used: the consumer of an anonymous (group-less) binding. */
    public void deprovision(NatsConsumerDestination destination) {
        if (destination.durable()) {
            return;
        }
        try {
            jsm().deleteConsumer(destination.stream(), destination.consumerName());
        } catch (IOException | JetStreamApiException e) {
            log.debug("Could not delete anonymous consumer " + destination.consumerName() + ": " + e.getMessage());
        }
    }

    private String ensureStream(String destination, StreamProperties stream, boolean autoCreateByDefault) {
        if (StringUtils.hasText(stream.getName())) {
            List<String> subjects = stream.getSubjects().isEmpty() ? List.of(destination) : stream.getSubjects();
            createOrUpdate(stream.getName(), subjects, stream);
            return stream.getName();
        }
        String covering = streamCovering(destination);
        if (covering != null) {
            return covering;
        }
        boolean autoCreate = stream.getAutoCreate() != null ? stream.getAutoCreate() : autoCreateByDefault;
        if (!autoCreate) {
            return null;
        }
        String name = NatsNames.streamNameFor(destination);
        createOrUpdate(name, stream.getSubjects().isEmpty() ? List.of(destination) : stream.getSubjects(), stream);
        return name;
    }

    private String streamCovering(String subject) {
        try {
            List<String> names = jsm().getStreamNames(subject);
            return names.isEmpty() ? null : names.get(0);
        } catch (IOException | JetStreamApiException e) {
            throw new ProvisioningException("Cannot look up the JetStream stream for '" + subject + "': "
                    + e.getMessage(), e);
        }
    }

    private void createOrUpdate(String name, List<String> subjects, StreamProperties wanted) {
        JetStreamManagement jsm = jsm();
        StorageType storage = wanted.getStorage() == StreamProperties.Storage.MEMORY ? StorageType.Memory
                : StorageType.File;
        StreamConfiguration existing;
        try {
            existing = jsm.getStreamInfo(name).getConfiguration();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw new ProvisioningException("Cannot read JetStream stream '" + name + "': " + e.getMessage(), e);
            }
            existing = null;
        } catch (IOException e) {
            throw new ProvisioningException("Cannot read JetStream stream '" + name + "': " + e.getMessage(), e);
        }
        if (existing == null) {
            StreamConfiguration config = withLimits(StreamConfiguration.builder()
                    .name(name)
                    .subjects(subjects)
                    .storageType(storage)
                    .retentionPolicy(RetentionPolicy.Limits), wanted)
                    .build();
            try {
                jsm.addStream(config);
                log.info("Created JetStream stream " + name + " for subjects " + subjects);
            } catch (IOException | JetStreamApiException e) {
                throw new ProvisioningException("Cannot create JetStream stream '" + name + "' for subjects " + subjects
                        + ": " + describe(e) + " (subjects may not overlap those of another stream)", e);
            }
            return;
        }
        if (existing.getStorageType() != storage) {
            throw new ProvisioningException("JetStream stream '" + name + "' exists with storage "
                    + existing.getStorageType() + " but the binding asks for " + storage
                    + "; storage cannot be changed: set stream.storage=" + existing.getStorageType().toString()
                    .toLowerCase() + " or use another stream name");
        }
        Set<String> mergedSubjects = new LinkedHashSet<>(existing.getSubjects());
        mergedSubjects.addAll(subjects);
        boolean changed = !mergedSubjects.equals(new LinkedHashSet<>(existing.getSubjects()))
                || !Objects.equals(existing.getMaxAge(), wanted.getMaxAge())
                || existing.getMaxBytes() != wanted.getMaxBytes()
                || existing.getReplicas() != wanted.getReplicas()
                || !Objects.equals(existing.getDuplicateWindow(), wanted.getDuplicateWindow());
        if (!changed) {
            return;
        }
        StreamConfiguration update = withLimits(StreamConfiguration.builder(existing)
                .subjects(new ArrayList<>(mergedSubjects)), wanted)
                .build();
        try {
            jsm.updateStream(update);
            log.info("Updated JetStream stream " + name + " to subjects " + mergedSubjects);
        } catch (IOException | JetStreamApiException e) {
            throw new ProvisioningException("JetStream stream '" + name + "' exists with subjects "
                    + existing.getSubjects() + " and cannot be updated to subjects " + mergedSubjects + ", max-age "
                    + wanted.getMaxAge() + ", max-bytes " + wanted.getMaxBytes() + ", replicas " + wanted.getReplicas()
                    + ", duplicate-window " + wanted.getDuplicateWindow() + ": " + describe(e), e);
        }
    }

    /** The settings a binding owns on its stream, the same on creation and on update. */
    private static StreamConfiguration.Builder withLimits(StreamConfiguration.Builder builder, StreamProperties wanted) {
        return builder.maxAge(wanted.getMaxAge())
                .maxBytes(wanted.getMaxBytes())
                .replicas(wanted.getReplicas())
                .duplicateWindow(wanted.getDuplicateWindow());
    }

    private void ensureConsumer(String stream, String consumerName, boolean durable, String filterSubject,
            NatsConsumerProperties properties) {
        ConsumerConfiguration.Builder config = ConsumerConfiguration.builder()
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(properties.getAckWait())
                // Redelivery is bounded by the binder, which dead-letters before it acks; JetStream itself
                // must never give up on a message the binder could not yet park safely.
                .maxDeliver(-1)
                .maxAckPending(properties.getMaxAckPending())
                .filterSubject(filterSubject);
        if (durable) {
            config.durable(consumerName).deliverPolicy(DeliverPolicy.All);
        } else {
            config.name(consumerName).deliverPolicy(DeliverPolicy.New).inactiveThreshold(ANONYMOUS_INACTIVE_THRESHOLD);
        }
        try {
            jsm().addOrUpdateConsumer(stream, config.build());
        } catch (IOException | JetStreamApiException e) {
            throw new ProvisioningException("Cannot create or update consumer '" + consumerName + "' on stream '"
                    + stream + "' filtered to '" + filterSubject + "': " + describe(e)
                    + " (an existing durable with another filter subject must be deleted first, or use another group)",
                    e);
        }
    }

    private void ensureDeadLetterStream(String deadLetterSubject, StreamProperties.Storage storage) {
        if (streamCovering(deadLetterSubject) != null) {
            return;
        }
        StreamProperties settings = new StreamProperties();
        settings.setStorage(storage);
        settings.setMaxAge(DEAD_LETTER_MAX_AGE);
        createOrUpdate(NatsNames.streamNameFor(deadLetterSubject), List.of(deadLetterSubject), settings);
    }

    private JetStreamManagement jsm() {
        try {
            return connection.get().jetStreamManagement();
        } catch (IOException e) {
            throw new ProvisioningException("JetStream is not available: " + e.getMessage(), e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof JetStreamApiException api) {
            return api.getErrorDescription() + " [api error " + api.getApiErrorCode() + "]";
        }
        return e.getMessage();
    }
}
