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
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * (another storage type, subjects that overlap another stream) stops the binding with a message that says what to
 * change; a consumer JetStream refuses on a workqueue stream stops the application
 * ({@link NatsProvisioningRefused}). A stream whose retention differs from the binding's keeps it (JetStream cannot
 * change retention in place), with one warning that says how to move.
 */
public class NatsStreamProvisioner implements ProvisioningProvider<ExtendedConsumerProperties<NatsConsumerProperties>,
        ExtendedProducerProperties<NatsProducerProperties>> {

    private static final Log log = LogFactory.getLog(NatsStreamProvisioner.class);
    private static final int STREAM_NOT_FOUND = 10059;
    /** Workqueue streams: a second consumer without a filter subject. */
    private static final int WORKQUEUE_MULTIPLE_UNFILTERED = 10099;
    /** Workqueue streams: a consumer whose filter overlaps another consumer's. */
    private static final int WORKQUEUE_NOT_UNIQUE = 10100;
    /** Workqueue streams: a consumer that does not start with the first message (an anonymous binding's). */
    private static final int WORKQUEUE_NOT_DELIVER_ALL = 10101;
    private static final Duration ANONYMOUS_INACTIVE_THRESHOLD = Duration.ofMinutes(5);
    private static final Duration DEAD_LETTER_MAX_AGE = Duration.ofDays(14);

    private final NatsConnectionProvider connection;
    /** Streams whose retention mismatch was already reported: one warning per stream, not one per binding. */
    private final Set<String> retentionWarned = ConcurrentHashMap.newKeySet();

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
            ensureDeadLetterStream(deadLetterSubject, nats.getStream());
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
                    .retentionPolicy(retentionPolicy(wanted.getRetention())), wanted)
                    .build();
            try {
                jsm.addStream(config);
                log.info("Created JetStream stream " + name + " for subjects " + subjects + " with retention "
                        + wanted.getRetention().name().toLowerCase(Locale.ROOT));
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
        warnIfRetentionDiffers(name, existing.getRetentionPolicy(), wanted.getRetention());
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

    /**
     * JetStream refuses to change a stream's retention, so a stream created with another one keeps it: the binding
     * carries on with the stream as it is (its other settings are still updated) and says, once per stream, how to
     * move.
     */
    private void warnIfRetentionDiffers(String name, RetentionPolicy existing, StreamProperties.Retention wanted) {
        if (existing == retentionPolicy(wanted) || !retentionWarned.add(name)) {
            return;
        }
        String has = String.valueOf(existing).toLowerCase(Locale.ROOT);
        String asked = wanted.name().toLowerCase(Locale.ROOT);
        log.warn("JetStream stream " + name + " has retention " + has + " but the binding is configured with "
                + "retention " + asked + "; JetStream cannot change the retention of an existing stream, so " + name
                + " keeps retention " + has + " and Inlet carries on with it. To move to " + asked + ": stop what "
                + "publishes to " + name + ", let every stage drain it (its consumers have nothing pending), delete "
                + "the stream (nats stream rm " + name + ") and start the services again: Inlet recreates it with "
                + "retention " + asked + " (or set stream.retention=" + has + " to silence this warning)");
    }

    private static RetentionPolicy retentionPolicy(StreamProperties.Retention retention) {
        return switch (retention) {
            case LIMITS -> RetentionPolicy.Limits;
            case WORKQUEUE -> RetentionPolicy.WorkQueue;
            case INTEREST -> RetentionPolicy.Interest;
        };
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
        } catch (JetStreamApiException e) {
            String workqueue = workqueueRefusal(e.getApiErrorCode(), stream, consumerName, durable, filterSubject);
            if (workqueue != null) {
                throw new NatsProvisioningRefused(workqueue + ": " + describe(e), e);
            }
            throw new ProvisioningException("Cannot create or update consumer '" + consumerName + "' on stream '"
                    + stream + "' filtered to '" + filterSubject + "': " + describe(e)
                    + " (an existing durable with another filter subject must be deleted first, or use another group)",
                    e);
        } catch (IOException e) {
            throw new ProvisioningException("Cannot create or update consumer '" + consumerName + "' on stream '"
                    + stream + "' filtered to '" + filterSubject + "': " + describe(e)
                    + " (an existing durable with another filter subject must be deleted first, or use another group)",
                    e);
        }
    }

    /** What to change when JetStream refuses a consumer on a workqueue stream; null for any other refusal. */
    private static String workqueueRefusal(int apiErrorCode, String stream, String consumerName, boolean durable,
            String filterSubject) {
        return switch (apiErrorCode) {
            case WORKQUEUE_MULTIPLE_UNFILTERED, WORKQUEUE_NOT_UNIQUE -> "JetStream stream '" + stream + "' has "
                    + "workqueue retention and refuses consumer '" + consumerName + "' filtered to '" + filterSubject
                    + "' because another consumer of the stream already reads subjects that overlap it (on a "
                    + "workqueue stream each message goes to one consumer only): give these subjects one group, delete "
                    + "the other consumer, or use stream.retention=limits (on a new stream)";
            case WORKQUEUE_NOT_DELIVER_ALL -> "JetStream stream '" + stream + "' has workqueue retention and refuses "
                    + (durable ? "consumer '" + consumerName + "'" : "the anonymous consumer of a binding without a "
                    + "group") + " filtered to '" + filterSubject + "' (a workqueue consumer must read from the "
                    + "first message and is the only reader of its subjects): set the binding's group";
            default -> null;
        };
    }

    /**
     * Dead letters get a stream of their own with retention limits (whatever the binding's stream has), so they stay
     * for {@link #DEAD_LETTER_MAX_AGE} whether or not anyone reads them, on the storage and with the replicas of the
     * binding's stream (a dead letter is worth as many copies as the message it stands for). A stream that already
     * covers the subject is used as it is; under interest retention it would drop them, which is worth a warning.
     */
    private void ensureDeadLetterStream(String deadLetterSubject, StreamProperties bindingStream) {
        String covering = streamCovering(deadLetterSubject);
        if (covering != null) {
            warnIfInterest(covering, deadLetterSubject);
            return;
        }
        StreamProperties settings = new StreamProperties();
        settings.setStorage(bindingStream.getStorage());
        settings.setReplicas(bindingStream.getReplicas());
        settings.setMaxAge(DEAD_LETTER_MAX_AGE);
        createOrUpdate(NatsNames.streamNameFor(deadLetterSubject), List.of(deadLetterSubject), settings);
    }

    private void warnIfInterest(String stream, String deadLetterSubject) {
        try {
            if (jsm().getStreamInfo(stream).getConfiguration().getRetentionPolicy() == RetentionPolicy.Interest) {
                log.warn("Dead letters go to '" + deadLetterSubject + "', held by JetStream stream " + stream
                        + " with retention interest: JetStream drops a dead letter that no consumer covers when it "
                        + "is published; give dead letters a stream with retention limits");
            }
        } catch (IOException | JetStreamApiException e) {
            log.debug("Could not read JetStream stream " + stream + ": " + e.getMessage());
        }
    }

    private JetStreamManagement jsm() {
        try {
            return connection.management();
        } catch (NatsNotConnectedException e) {
            throw e;
        } catch (IllegalStateException e) {
            throw new ProvisioningException(e.getMessage(), e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof JetStreamApiException api) {
            return api.getErrorDescription() + " [api error " + api.getApiErrorCode() + "]";
        }
        return e.getMessage();
    }
}
