package io.inlet.lake.ingest;

import io.inlet.contracts.EventIds;
import io.inlet.contracts.EventType;
import io.inlet.contracts.Violation;
import io.inlet.contracts.frame.EventFrame;
import io.inlet.contracts.frame.FrameCodec;
import io.inlet.contracts.frame.FrameFailure;
import io.inlet.contracts.frame.FrameFormatException;
import io.inlet.contracts.frame.FramedEvent;
import io.inlet.contracts.frame.Origin;
import io.inlet.contracts.frame.Replays;
import io.inlet.lake.buffer.BufferKey;
import io.inlet.lake.buffer.BufferManager;
import io.inlet.lake.buffer.BufferedEvent;
import io.inlet.lake.buffer.ErrorRow;
import io.inlet.lake.buffer.FilteredRow;
import io.inlet.lake.buffer.EventRow;
import io.inlet.lake.buffer.HeldDelivery;
import io.inlet.lake.buffer.Lake;
import io.inlet.lake.format.RowTape;
import io.inlet.lake.schema.TableResolver;
import io.inlet.lake.schema.TableSchema;
import io.inlet.columns.UnsupportedSchemaException;
import io.inlet.lake.format.ValueConversionException;
import io.inlet.lake.partition.Partition;
import io.inlet.lake.partition.PartitionSources;
import io.inlet.registryclient.RegistryClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * Places the events of one frame in their buffers. The frame is read with {@link FrameCodec#decode}, the one reader
 * of the envelope: an events frame gives one data row per event, in the table of its event type and schema
 * version (an event a sql step unnested: its rows, kept together in one buffer, partitioned by the first); an error frame gives one error row per event, from its {@link FrameFailure}; a filtered frame (on the
 * valid subject) one row per event in the type's filtered table ({@link FilteredRow}). What the lake cannot store
 * (no schema version, a version the registry does not have, a schema it cannot map to columns, a value that does
 * not fit its column) goes to the error lake with stage {@code lake} and the reason; so does a message that is no
 * intact frame, whole, under a fallback id. Nothing is dropped.
 *
 * <p>Every row keeps the event's {@link Origin} (where it entered the raw stream; the lake's exactly-once key).
 * An event without one (not from the consumer-service) gets the origin of its place in the lake's own input:
 * {@code (input incarnation, input sequence, index, count)}.
 *
 * <p>All rows of a frame are prepared before any is buffered, so a frame that cannot be placed now (the registry
 * is unreachable) leaves nothing behind.
 */
public class EventRouter {

    /** What the lake needs of a message, independent of NATS. */
    public interface Incoming {
        String subject();

        /** The lake's input stream (name). */
        String stream();

        /** The lake's input stream's incarnation, {@code <name>@<created ms>}. */
        String streamIncarnation();

        long streamSequence();

        /** The publisher's {@code Nats-Msg-Id}, or {@code null}. */
        String publisherMessageId();

        byte[] body();

        /** When JetStream stored the message, or {@code null}. */
        Instant storedAt();
    }

    private record Placement(BufferKey key, TableSchema schema, int version, BufferedEvent event) {
    }

    private final TableResolver tables;
    private final BufferManager buffers;
    private final PartitionSources partitionSources;
    private final String validPrefix;
    private final String errorsPrefix;

    public EventRouter(TableResolver tables, BufferManager buffers, String validPrefix, String errorsPrefix) {
        this(tables, buffers, PartitionSources.receivedAt(), validPrefix, errorsPrefix);
    }

    /** @param partitionSources the column each data-lake table is partitioned by (error lake: received-at) */
    public EventRouter(TableResolver tables, BufferManager buffers, PartitionSources partitionSources,
                       String validPrefix, String errorsPrefix) {
        this.tables = tables;
        this.buffers = buffers;
        this.partitionSources = partitionSources;
        this.validPrefix = validPrefix + ".";
        this.errorsPrefix = errorsPrefix + ".";
    }

    /**
     * A message of {@code inlet.valid.>}.
     *
     * @throws TransientLakeException when its events cannot be placed now; nothing was buffered, the caller naks
     */
    public void routeValid(Incoming message, HeldDelivery delivery) {
        route(message, delivery, validPrefix);
    }

    /** A message of {@code inlet.errors.>}. */
    public void routeError(Incoming message, HeldDelivery delivery) {
        route(message, delivery, errorsPrefix);
    }

    private void route(Incoming message, HeldDelivery delivery, String prefix) {
        List<Placement> placements = new ArrayList<>();
        EventFrame frame;
        try {
            frame = FrameCodec.decode(message.body());
        } catch (FrameFormatException e) {
            placements.add(unreadable(message, delivery, prefix, e));
            appendAll(placements);
            return;
        }
        List<FramedEvent> events = frame.events();
        // Filed under the subject's event type: a frame of another type on it was not published by a stage.
        String subjectType = tail(message.subject(), prefix);
        String type = subjectType != null && EventType.isValid(subjectType) ? subjectType : frame.eventType().name();
        String mismatch = type.equals(frame.eventType().name()) ? null : "a frame of event type "
                + frame.eventType() + " came on subject " + message.subject();
        boolean errorsInput = prefix.equals(errorsPrefix);
        RowTape.Recorder recorder = new RowTape.Recorder();
        FrameTables tablesOfFrame = new FrameTables(frame.pipelineRevision());
        for (int i = 0; i < events.size(); i++) {
            FramedEvent event = events.get(i);
            Origin origin = event.origin() != null ? event.origin() : inputOrigin(message, i, events.size());
            if (frame.kind() == EventFrame.Kind.ERRORS) {
                placements.add(failed(message, delivery, type, event, origin));
            } else if (errorsInput) {
                placements.add(lakeError(message, delivery, type, event, origin, "an event frame"
                        + (frame.kind() == EventFrame.Kind.FILTERED ? " of filtered events" : "")
                        + " came on the errors subject " + message.subject(), List.of()));
            } else if (mismatch != null) {
                placements.add(lakeError(message, delivery, type, event, origin, mismatch, List.of()));
            } else if (frame.kind() == EventFrame.Kind.FILTERED) {
                placements.add(filtered(message, delivery, type, event, origin));
            } else {
                placements.add(valid(message, delivery, frame.eventType(), event, origin, recorder, tablesOfFrame));
            }
        }
        appendAll(placements);
    }

    /**
     * The origin of event {@code index} of {@code count} of a frame whose events have none: its place in the lake's
     * input. An origin's index has 16 bits; a frame of more events (tiny ones) counts on in {@code <incarnation>#<n>}.
     */
    static Origin inputOrigin(Incoming message, int index, int count) {
        int chunk = index / (Origin.MAX_INDEX + 1);
        int inChunk = Math.min(Origin.MAX_INDEX + 1, count - chunk * (Origin.MAX_INDEX + 1));
        String stream = chunk == 0 ? message.streamIncarnation() : message.streamIncarnation() + "#" + chunk;
        return Origin.of(stream, message.streamSequence(), index % (Origin.MAX_INDEX + 1), inChunk);
    }

    private void appendAll(List<Placement> placements) {
        for (Placement p : placements) {
            buffers.append(p.key(), p.schema(), p.version(), p.event());
        }
    }

    private Placement valid(Incoming message, HeldDelivery delivery, EventType type, FramedEvent event,
                            Origin origin, RowTape.Recorder recorder, FrameTables tablesOfFrame) {
        Integer version = event.schemaVersion();
        if (version == null || version < 1) {
            return lakeError(message, delivery, type.name(), event, origin,
                    "the validated event has no schema version", List.of());
        }
        TableResolver.TableSpec table;
        try {
            table = tablesOfFrame.resolve(type, version);
        } catch (RegistryClientException e) {
            if (!e.notFound()) {
                throw new TransientLakeException("schema " + type + " v" + version + " unavailable", e);
            }
            return lakeError(message, delivery, type.name(), event, origin, "schema " + type + " version " + version
                    + (tablesOfFrame.revision == null ? "" : " or pipeline revision " + tablesOfFrame.revision)
                    + " does not exist in the registry", List.of());
        } catch (UnsupportedSchemaException e) {
            return lakeError(message, delivery, type.name(), event, origin, e.getMessage(), List.of());
        }
        EventRow row;
        try {
            row = EventRow.convert(event.eventId(), event.receivedAt(), event.source(), version, event.payload(),
                    table.schema(), recorder);
        } catch (ValueConversionException e) {
            return lakeError(message, delivery, type.name(), event, origin, "value does not fit its lake column",
                    List.of(new Violation(e.pointer(), e.keyword(), e.getMessage())));
        } catch (JacksonException | IllegalArgumentException e) {
            return lakeError(message, delivery, type.name(), event, origin, "the validated event is neither a JSON "
                    + "object nor an array of rows", List.of(new Violation("", "json", oneLine(e.getMessage()))));
        }
        PartitionSources.Source source = tablesOfFrame.source();
        if (source.fallback()) {
            partitionSources.countFallback(type.name());
        }
        return new Placement(new BufferKey(Lake.DATA, type.name(), table.tableName(),
                source.partitionOf(row, event.receivedAt())), table.schema(), version,
                new BufferedEvent(row, delivery, origin, message.stream()));
    }

    /** A valid event a pipeline step filtered: a row of the type's filtered table, exactly once like any other. */
    private static Placement filtered(Incoming message, HeldDelivery delivery, String type, FramedEvent event,
                                      Origin origin) {
        FilteredRow row = new FilteredRow(event.eventId(), event.receivedAt(), event.source(), event.filteredBy(),
                event.schemaVersion(), event.requestId(), origin);
        return new Placement(new BufferKey(Lake.FILTERED, type, FilteredRow.table(type),
                Partition.of(event.receivedAt())), TableSchema.FILTERED, 0,
                new BufferedEvent(row, delivery, origin, message.stream()));
    }

    /** An event a stage before the lake rejected: its failure and envelope as the frame carries them. */
    private Placement failed(Incoming message, HeldDelivery delivery, String type, FramedEvent event, Origin origin) {
        FrameFailure failure = event.failure();
        String[] payload = ErrorRow.encodePayload(event.payload());
        ErrorRow row = new ErrorRow(event.eventId(), event.receivedAt(), event.source(), failure.stage(),
                failure.reason(), failure.violations(), event.schemaId(), event.schemaVersion(), payload[0],
                payload[1], failure.subject(), failure.failedAt()).withEnvelopeOf(event);
        return error(type, row, delivery, errorLakeOrigin(event, origin), message);
    }

    /** An event the lake itself cannot store: stage {@code lake}. */
    private Placement lakeError(Incoming message, HeldDelivery delivery, String type, FramedEvent event,
                                Origin origin, String reason, List<Violation> violations) {
        String[] payload = ErrorRow.encodePayload(event.payload());
        ErrorRow row = new ErrorRow(event.eventId(), event.receivedAt(), event.source(), ErrorRow.STAGE_LAKE, reason,
                violations, event.schemaId(), event.schemaVersion(), payload[0], payload[1], message.subject(),
                Instant.now()).withEnvelopeOf(event);
        return error(type, row, delivery, errorLakeOrigin(event, origin), message);
    }

    /** A replayed event that failed again is filed once per replay (Replays.perRun), not once ever. */
    private static Origin errorLakeOrigin(FramedEvent event, Origin origin) {
        String replay = Replays.replayOf(event);
        return replay != null && Replays.isReplay(origin) ? Replays.perRun(origin, replay) : origin;
    }

    /**
     * A message that is no intact frame: one error row holding its bytes, under the fallback id of the message
     * (stable across redeliveries) and the origin of its place in the lake's input.
     */
    private Placement unreadable(Incoming message, HeldDelivery delivery, String prefix, FrameFormatException e) {
        byte[] body = message.body();
        String id = EventIds.fallbackForMessage(EventIds.basis(message.subject(), message.publisherMessageId(),
                message.stream(), message.streamSequence(), body));
        Origin origin = Origin.of(message.streamIncarnation(), message.streamSequence(), 0, 1);
        Instant receivedAt = message.storedAt() != null ? message.storedAt() : Instant.now();
        String[] payload = ErrorRow.encodePayload(body);
        ErrorRow row = new ErrorRow(id, receivedAt, null, ErrorRow.STAGE_LAKE,
                "unreadable frame (FrameFormatException: " + oneLine(e.getMessage()) + ")", List.of(), null, null,
                payload[0], payload[1], message.subject(), Instant.now());
        String tail = tail(message.subject(), prefix);
        return error(EventType.isValid(tail) ? tail : EventType.UNROUTABLE.name(), row, delivery, origin, message);
    }

    private static Placement error(String type, ErrorRow row, HeldDelivery delivery, Origin origin,
                                   Incoming message) {
        return new Placement(new BufferKey(Lake.ERRORS, type, type, Partition.of(row.receivedAt())),
                TableSchema.ERRORS, 0, new BufferedEvent(row, delivery, origin, message.stream()));
    }

    private static String tail(String subject, String prefix) {
        return subject != null && subject.startsWith(prefix) ? subject.substring(prefix.length()) : null;
    }

    private static String oneLine(String text) {
        String line = String.valueOf(text).replace('\n', ' ').replace('\r', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /**
     * The tables of one frame's events: resolved once per schema version in the frame, not per event (a frame holds
     * events of one type, mostly of one version; resolving asks the registry client for the type's pipeline), with
     * the output of the pipeline revision the frame says made it.
     */
    private final class FrameTables {
        private final Long revision;
        private int version;
        private TableResolver.TableSpec spec;
        private PartitionSources.Source source;

        FrameTables(Long revision) {
            this.revision = revision;
        }

        TableResolver.TableSpec resolve(EventType type, int eventVersion) {
            if (spec == null || version != eventVersion) {
                spec = tables.resolve(type, eventVersion, revision);
                source = partitionSources.of(type.name(), spec.schema());
                version = eventVersion;
            }
            return spec;
        }

        /** The partition source of the table last resolved. */
        PartitionSources.Source source() {
            return source;
        }
    }
}
