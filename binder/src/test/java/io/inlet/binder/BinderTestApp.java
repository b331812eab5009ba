package io.inlet.binder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import io.nats.client.JetStream;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A small application whose handlers record what they receive; each test picks its handler with
 * {@code spring.cloud.function.definition} and its behaviour with {@code test.*} properties.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class BinderTestApp {

    /** Starts the application (no web server) with {@code properties}; the caller closes it. */
    static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return new SpringApplicationBuilder(BinderTestApp.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
    }

    /** {@code spring.cloud.stream.nats.bindings.<binding>.consumer.<property>}. */
    static String natsConsumer(String binding, String property) {
        return "spring.cloud.stream.nats.bindings." + binding + ".consumer." + property;
    }

    /** Publishes the numbers {@code from} to {@code to - 1} as text to {@code subject}; returns once all are stored. */
    static void publishIds(JetStream js, String subject, long from, long to) throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (long id = from; id < to; id++) {
            acks.add(js.publishAsync(subject, Long.toString(id).getBytes(StandardCharsets.UTF_8)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
    }

    record Item(int n) {
    }

    /** What the handlers of one application instance saw. */
    static class Recorder {
        final Queue<String> payloads = new ConcurrentLinkedQueue<>();
        final Queue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        final Queue<Map<String, Object>> headers = new ConcurrentLinkedQueue<>();
        final Queue<NatsAcknowledgment> heldAcks = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final Map<String, Set<Long>> idsSeen = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> highestIds = new ConcurrentHashMap<>();

        int deliveriesOf(String payload) {
            AtomicInteger count = deliveries.get(payload);
            return count == null ? 0 : count.get();
        }

        int record(String payload) {
            payloads.add(payload);
            return deliveries.computeIfAbsent(payload, p -> new AtomicInteger()).incrementAndGet();
        }

        /** The distinct numeric payloads the handler {@code handler} was given. */
        Set<Long> idsSeenBy(String handler) {
            return idsSeen.computeIfAbsent(handler, h -> ConcurrentHashMap.newKeySet());
        }

        /** The highest numeric payload {@code handler} was given, or -1. */
        long highestIdSeenBy(String handler) {
            AtomicLong highest = highestIds.get(handler);
            return highest == null ? -1 : highest.get();
        }

        void recordId(String handler, String payload) {
            long id = Long.parseLong(payload);
            idsSeenBy(handler).add(id);
            highestIds.computeIfAbsent(handler, h -> new AtomicLong(-1))
                    .accumulateAndGet(id, Math::max);
        }
    }

    @Bean
    Recorder recorder() {
        return new Recorder();
    }

    /** Records every message. */
    @Bean
    Consumer<Message<byte[]>> record(Recorder recorder) {
        return message -> {
            recorder.headers.add(message.getHeaders());
            recorder.record(text(message));
        };
    }

    /** Throws on the first delivery of each message, succeeds on the next. */
    @Bean
    Consumer<Message<byte[]>> failOnce(Recorder recorder) {
        return message -> {
            if (recorder.record(text(message)) == 1) {
                throw new IllegalStateException("first delivery fails on purpose");
            }
        };
    }

    /** Always throws. */
    @Bean
    Consumer<Message<byte[]>> alwaysFail(Recorder recorder) {
        return message -> {
            recorder.record(text(message));
            throw new IllegalArgumentException("poison: cannot handle " + text(message));
        };
    }

    /** Batch mode: records each list it is handed. */
    @Bean
    Consumer<List<Item>> recordBatch(Recorder recorder) {
        return items -> {
            recorder.batchSizes.add(items.size());
            items.forEach(item -> recorder.record(Integer.toString(item.n())));
        };
    }

    /** Batch mode: fails every batch that holds item 13, so it can only succeed alone... never. */
    @Bean
    Consumer<List<Item>> batchWithPoison(Recorder recorder) {
        return items -> {
            recorder.batchSizes.add(items.size());
            if (items.stream().anyMatch(item -> item.n() == 13)) {
                throw new IllegalStateException("item 13 is poison");
            }
            items.forEach(item -> recorder.record(Integer.toString(item.n())));
        };
    }

    /** Manual acks, batch mode: keeps the acknowledgments for the test to ack later. */
    @Bean
    @SuppressWarnings("unchecked")
    Consumer<Message<List<String>>> keepAcks(Recorder recorder) {
        return batch -> {
            List<Map<String, Object>> headers = (List<Map<String, Object>>) batch.getHeaders()
                    .get(org.springframework.cloud.stream.binder.BinderHeaders.BATCH_HEADERS);
            for (int i = 0; i < batch.getPayload().size(); i++) {
                recorder.record(batch.getPayload().get(i));
                recorder.heldAcks.add((NatsAcknowledgment) headers.get(i).get(NatsBinderHeaders.ACKNOWLEDGMENT));
            }
        };
    }

    /** Holds each message until the test releases it. */
    @Bean
    Consumer<Message<byte[]>> holdUntilReleased(Recorder recorder) {
        return message -> {
            recorder.record(text(message));
            try {
                if (!recorder.release.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    /** Routes each message to the subject its payload names, through spring.cloud.stream.sendto.destination. */
    @Bean
    Function<Message<byte[]>, Message<byte[]>> route(Recorder recorder) {
        return message -> {
            recorder.record(text(message));
            return MessageBuilder.withPayload(message.getPayload())
                    .setHeader("spring.cloud.stream.sendto.destination", text(message))
                    .build();
        };
    }

    /** Upper-cases the payload and keeps the headers, adding one. */
    @Bean
    Function<Message<byte[]>, Message<byte[]>> upperCase(Recorder recorder) {
        return message -> {
            recorder.record(text(message));
            return MessageBuilder.withPayload(text(message).toUpperCase().getBytes(StandardCharsets.UTF_8))
                    .copyHeaders(message.getHeaders())
                    .setHeader("x-stage", "upper")
                    .build();
        };
    }

    /**
     * Publishes two outputs per input through the producer binding {@code fanOutput} without Spring messages:
     * {@code <prefix>out.a} and {@code <prefix>out.b}, where the input came on {@code <prefix>.in} (outside the input's
     * stream, which holds {@code <prefix>.>}).
     */
    @Bean
    Consumer<Message<byte[]>> fanOut(Recorder recorder, NatsOutputs outputs) {
        return message -> {
            String text = text(message);
            recorder.record(text);
            String subject = (String) message.getHeaders().get(NatsBinderHeaders.SUBJECT);
            String prefix = subject.substring(0, subject.length() - ".in".length());
            JetStreamOutput output = outputs.get("fanOutput");
            for (String part : List.of("a", "b")) {
                output.publish(prefix + "out." + part, (text + "/" + part).getBytes(StandardCharsets.UTF_8),
                        Map.of("Nats-Msg-Id", text + "/" + part, "x-part", part));
            }
        };
    }

    /** Single mode: records each numeric payload under {@code countIds}. */
    @Bean
    Consumer<Message<byte[]>> countIds(Recorder recorder) {
        return message -> recorder.recordId("countIds", text(message));
    }

    /** Batch mode: records each numeric payload of each batch under {@code countIdBatches}. */
    @Bean
    Consumer<Message<?>> countIdBatches(Recorder recorder) {
        return batch -> NatsBatch.of(batch).forEach(entry -> recorder.recordId("countIdBatches",
                new String(entry.payload(), StandardCharsets.UTF_8)));
    }

    /**
     * Batch mode, the shape of a stage: publishes each input to {@code <prefix>out.ids} (input on {@code <prefix>.in})
     * through the producer binding {@code forwarded}, its de-duplication id derived from the input, so that the
     * binder acks the batch only once JetStream confirmed every output. Records under {@code forwardIds}.
     */
    @Bean
    Consumer<Message<?>> forwardIds(Recorder recorder, NatsOutputs outputs) {
        return batch -> {
            JetStreamOutput output = outputs.get("forwarded");
            for (NatsBatch.Entry entry : NatsBatch.of(batch)) {
                String id = new String(entry.payload(), StandardCharsets.UTF_8);
                String subject = entry.subject();
                output.publish(subject.substring(0, subject.length() - ".in".length()) + "out.ids", entry.payload(),
                        Map.of("Nats-Msg-Id", "forwarded-" + id));
                recorder.recordId("forwardIds", id);
            }
        };
    }

    static String text(Message<byte[]> message) {
        return new String(message.getPayload(), StandardCharsets.UTF_8);
    }
}
