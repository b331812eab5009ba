package io.inlet.binder;

import io.inlet.binder.connection.NatsConnectionProvider;
import io.inlet.binder.inbound.ConsumerStatus;
import io.inlet.binder.inbound.ConsumerStatuses;
import io.inlet.binder.inbound.JetStreamInboundEndpoint;
import io.inlet.binder.outbound.JetStreamPublishingHandler;
import io.inlet.binder.properties.NatsConsumerProperties;
import io.inlet.binder.properties.NatsExtendedBindingProperties;
import io.inlet.binder.properties.NatsProducerProperties;
import io.inlet.binder.provisioning.NatsConsumerDestination;
import io.inlet.binder.provisioning.NatsProducerDestination;
import io.inlet.binder.provisioning.NatsStreamProvisioner;
import io.nats.client.JetStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.stream.binder.AbstractMessageChannelBinder;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.binder.ExtendedPropertiesBinder;
import org.springframework.cloud.stream.provisioning.ConsumerDestination;
import org.springframework.cloud.stream.provisioning.ProducerDestination;
import org.springframework.integration.core.MessageProducer;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;

/**
 * The {@code nats} binder: producers publish to JetStream and wait for (or track) the PubAck;
 * consumers pull from durable JetStream consumers — the binding's group — and ack only after the
 * handler and its outputs succeeded.
 */
public class NatsMessageChannelBinder extends
        AbstractMessageChannelBinder<ExtendedConsumerProperties<NatsConsumerProperties>,
                ExtendedProducerProperties<NatsProducerProperties>, NatsStreamProvisioner>
        implements ExtendedPropertiesBinder<MessageChannel, NatsConsumerProperties, NatsProducerProperties> {

    private final NatsConnectionProvider connection;
    private final NatsExtendedBindingProperties extendedBindingProperties;
    private final NatsBinderMetrics metrics;
    private final ConsumerStatuses consumerStatuses;
    private final Map<String, JetStreamPublishingHandler> producers = new ConcurrentHashMap<>();
    private volatile JetStream jetStream;

    public NatsMessageChannelBinder(NatsConnectionProvider connection, NatsStreamProvisioner provisioner,
            NatsExtendedBindingProperties extendedBindingProperties, NatsBinderMetrics metrics,
            ConsumerStatuses consumerStatuses) {
        super(new String[0], provisioner);
        this.connection = connection;
        this.extendedBindingProperties = extendedBindingProperties;
        this.metrics = metrics;
        this.consumerStatuses = consumerStatuses;
    }

    @Override
    protected MessageHandler createProducerMessageHandler(ProducerDestination destination,
            ExtendedProducerProperties<NatsProducerProperties> properties, MessageChannel errorChannel) {
        NatsProducerProperties nats = properties.getExtension();
        boolean provisioned = ((NatsProducerDestination) destination).provisioned();
        Runnable provision = provisioned ? () -> { }
                : () -> provisioningProvider.provisionProducerDestination(destination.getName(), properties);
        JetStreamPublishingHandler handler = new JetStreamPublishingHandler(this::jetStream, destination.getName(),
                nats.getMessageIdHeader(), nats.getAckTimeout(), metrics.producer(destination.getName()), provision,
                nats.getFrameCompression());
        producers.put(properties.getBindingName(), handler);
        return handler;
    }

    /**
     * Publishing through the producer binding {@code bindingName} without Spring {@code Message}s: the
     * binding's stream, ack timeout, de-duplication header and metrics apply, and publishes join the
     * thread's {@link PublishScope} like those sent to the binding's channel.
     */
    public JetStreamOutput output(String bindingName) {
        return new JetStreamOutput(bindingName, () -> {
            JetStreamPublishingHandler handler = producers.get(bindingName);
            if (handler == null) {
                throw new IllegalStateException("No NATS producer binding '" + bindingName + "' is bound: declare it "
                        + "in spring.cloud.stream.output-bindings (with its destination under "
                        + "spring.cloud.stream.bindings." + bindingName + ".destination)");
            }
            return handler;
        }, () -> connection.get().getServerInfo().getMaxPayload());
    }

    /** Publishing {@link io.inlet.contracts.frame.EventFrame}s through the producer binding {@code bindingName}. */
    public FramePublisher frames(String bindingName) {
        return new FramePublisher(output(bindingName));
    }

    @Override
    protected MessageProducer createConsumerEndpoint(ConsumerDestination destination, String group,
            ExtendedConsumerProperties<NatsConsumerProperties> properties) {
        NatsConsumerDestination nats = (NatsConsumerDestination) destination;
        NatsConsumerProperties extension = properties.getExtension();
        NatsBinderMetrics.Consumer consumerMetrics = metrics.consumer(nats.subject(), nats.consumerName());
        ConsumerStatus status = new ConsumerStatus(properties.getBindingName(), nats.stream(), nats.consumerName(),
                extension.getStallTimeout(), consumerMetrics);
        consumerStatuses.register(status);
        JetStreamInboundEndpoint endpoint = new JetStreamInboundEndpoint(connection, this::jetStream, nats, extension,
                properties.getConcurrency(), properties.isBatchMode(), consumerMetrics, status);
        endpoint.setBeanFactory(getBeanFactory());
        return endpoint;
    }

    @Override
    protected void afterUnbindConsumer(ConsumerDestination destination, String group,
            ExtendedConsumerProperties<NatsConsumerProperties> properties) {
        consumerStatuses.remove(properties.getBindingName());
        provisioningProvider.deprovision((NatsConsumerDestination) destination);
    }

    /** The binder's NATS connection (for operations tooling and tests that cut it). */
    public NatsConnectionProvider connectionProvider() {
        return connection;
    }

    @Override
    public NatsConsumerProperties getExtendedConsumerProperties(String channelName) {
        return extendedBindingProperties.getExtendedConsumerProperties(channelName);
    }

    @Override
    public NatsProducerProperties getExtendedProducerProperties(String channelName) {
        return extendedBindingProperties.getExtendedProducerProperties(channelName);
    }

    @Override
    public String getDefaultsPrefix() {
        return extendedBindingProperties.getDefaultsPrefix();
    }

    @Override
    public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass() {
        return extendedBindingProperties.getExtendedPropertiesEntryClass();
    }

    /** One JetStream context for all bindings: creating one per publish showed in the profiles. */
    private JetStream jetStream() {
        JetStream context = jetStream;
        if (context == null) {
            context = connection.jetStream();
            jetStream = context;
        }
        return context;
    }
}
