package io.inlet.lake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.contracts.EventType;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.lake.buffer.BufferManager;
import io.inlet.lake.buffer.ErrorRow;
import io.inlet.lake.buffer.HeldDelivery;
import io.inlet.lake.buffer.Lake;
import io.inlet.lake.buffer.SealedBuffer;
import io.inlet.lake.schema.TableResolver;
import io.inlet.lake.support.NoDelivery;
import io.inlet.registryclient.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EventRouterTest {

    private static final EventRouter.Incoming INPUT = new Body("inlet.valid.t", new byte[0], 42);

    @Test
    void eventsWithoutAnOriginGetTheirPlaceInTheLakesInput() {
        assertThat(EventRouter.inputOrigin(INPUT, 0, 3)).isEqualTo(new Origin("INLET_VALID@5", 42, 0, false));
        assertThat(EventRouter.inputOrigin(INPUT, 2, 3)).isEqualTo(new Origin("INLET_VALID@5", 42, 2, true));
    }

    @Test
    void aFrameOfMoreEventsThanAnOriginIndexHoldsStillGivesEachItsOwnOrigin() {
        int count = 70_000;
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Origin origin = EventRouter.inputOrigin(INPUT, i, count);
            keys.add(origin.stream() + "/" + origin.key());
        }
        assertThat(keys).hasSize(count);
        assertThat(EventRouter.inputOrigin(INPUT, 65_535, count).last()).isTrue();
        assertThat(EventRouter.inputOrigin(INPUT, 65_536, count)).isEqualTo(new Origin("INLET_VALID@5#1", 42, 0,
                false));
        assertThat(EventRouter.inputOrigin(INPUT, count - 1, count).last()).isTrue();
    }

    @Test
    void anEventFrameOfAnotherTypeThanItsSubjectsIsAnErrorOfTheSubjectsType() {
        List<SealedBuffer> sealed = new CopyOnWriteArrayList<>();
        BufferManager buffers = new BufferManager(new BufferManager.Policy(1000, 1 << 20, Duration.ofHours(1),
                1 << 24, Duration.ofSeconds(1), Duration.ofHours(1)), 1, sealed::add);
        // no registry behind it: a mismatched frame must not need one
        EventRouter router = new EventRouter(new TableResolver(RegistryClient.builder(java.net.URI.create("http://127.0.0.1:9")).build()),
                buffers, "inlet.valid", "inlet.errors");
        byte[] frame = FrameCodec.encode(EventFrame.events(EventType.of("other"), List.of(new FramedEvent("e-1",
                Instant.parse("2026-12-01T16:00:00Z"), "gateway", 1, 7L, null, null, Map.of(), null, null,
                "{}".getBytes(StandardCharsets.UTF_8)))));
        HeldDelivery delivery = new HeldDelivery(new NoDelivery(43));

        router.routeValid(new Body("inlet.valid.t", frame, 43), delivery);
        delivery.placed();
        buffers.close(true, Duration.ofSeconds(10));

        assertThat(sealed).singleElement().satisfies(buffer -> {
            assertThat(buffer.key().lake()).isEqualTo(Lake.ERRORS);
            assertThat(buffer.key().eventType()).isEqualTo("t");
            assertThat(buffer.events()).singleElement().satisfies(e -> {
                ErrorRow row = (ErrorRow) e.row();
                assertThat(row.eventId()).isEqualTo("e-1");
                assertThat(row.stage()).isEqualTo(ErrorRow.STAGE_LAKE);
                assertThat(row.reason()).isEqualTo("a frame of event type other came on subject inlet.valid.t");
            });
        });
    }

    private record Body(String subject, byte[] body, long streamSequence) implements EventRouter.Incoming {
        @Override
        public String stream() {
            return "INLET_VALID";
        }

        @Override
        public String streamIncarnation() {
            return "INLET_VALID@5";
        }

        @Override
        public String publisherMessageId() {
            return null;
        }

        @Override
        public Instant storedAt() {
            return null;
        }
    }
}
