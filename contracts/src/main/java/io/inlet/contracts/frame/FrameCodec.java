package io.inlet.contracts.frame;

import io.inlet.contracts.EventType;
import io.inlet.contracts.InvalidEventTypeException;
import io.inlet.contracts.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Writes and reads {@link EventFrame}s, format versions {@value #PLAIN_VERSION} (plain) and {@value #FORMAT_VERSION}
 * (compressed). The one definition of the frame format (ARCHITECTURE.md, "Frames", describes it byte by byte):
 *
 * <pre>
 * frame    = magic 'I' 'F' · version u8 · kind u8 (0 events, 1 errors, 2 filtered) · body
 *            · crc32c u32 (big-endian, of every byte before it)
 * body     = (versions 1, 2) plain · (version 3) codec u8 (1 zstd) · uvar plain's length · plain, compressed
 * plain    = eventType str · count uvar · common · event{count}
 * common   = source ostr · apiKeyId ostr · requestId ostr · schemaVersion ouvar · schemaId ouvar
 *            · baseReceivedAt svar (nanoseconds since the epoch) · originStream ostr · originBase svar
 *            · pipelineRevision ouvar   (version 2 on; absent in version 1, read as null)
 * event    = flags u8 · eventId str · receivedAt svar (nanoseconds after baseReceivedAt)
 *            · [source ostr] [apiKeyId ostr] [requestId ostr] [schemaVersion ouvar] [schemaId ouvar]
 *              (each present when its flag bit 0..4 says the event differs from common)
 *            · [attributes: uvar n · (str name · str value){n}]   (flag bit 5)
 *            · [origin: sequence svar (after originBase) · uvar (index &lt;&lt; 1 | last)]   (flag bit 6)
 *              [origin stream str]   (flag bit 7: its stream differs from originStream)
 *            · [failure: stage str · reason str · subject ostr · failedAt svar (ns after receivedAt)
 *               · uvar n · (str pointer · str keyword · str message){n}]   (error frames)
 *            · [filteredBy: uvar s · (when s &gt; 0: kind str · description str · pipelineRevision ouvar)]
 *              (filtered frames: s = step index + 1, or 0 for the same step as the event before; no payload)
 *            · payload: uvar length · bytes   (events and error frames)
 * uvar     = unsigned LEB128; svar = zig-zag then uvar; str = uvar length · UTF-8;
 * ostr     = uvar 0 for null, else length + 1 · UTF-8; ouvar = uvar 0 for null, else value + 1
 * </pre>
 *
 * Batch-wide values are written once: common holds the first event's, and an event repeats a value only where it
 * differs; on filtered frames a step's kind and description are written once for a run of events it filtered. A
 * filtered frame carries no payloads (the filter decided; the raw stream keeps the bytes). {@link #encode} writes
 * version {@value #PLAIN_VERSION}; {@link #compressed} turns that into version {@value #FORMAT_VERSION}, whose body
 * is the same plain body as one zstd frame (the checksum is over the compressed bytes, so damage is found before
 * anything is inflated). Sizes and limits are those of the plain encoding: a frame that fits a message plain fits it
 * compressed, and one that zstd would not make smaller stays plain. The reader reads versions 1 to 3 (version 1 is
 * version 2 without {@code pipelineRevision}), so frames written before an upgrade stay readable. A reader refuses
 * anything it cannot read exactly with a {@link FrameFormatException}: another magic, a newer version, a checksum
 * that does not match (garbled or truncated bytes), a length beyond the end, a body that does not inflate to the
 * length it declares or declares more than {@value #MAX_PLAIN_BYTES} bytes.
 */
public final class FrameCodec {

    /** The newest version: what {@link #compressed} writes, and the newest the reader reads. */
    public static final int FORMAT_VERSION = 3;
    /** The version {@link #encode} writes: the body as it is. */
    public static final int PLAIN_VERSION = 2;
    /** The oldest version the reader still reads (no {@code pipelineRevision}). */
    public static final int OLDEST_READABLE_VERSION = 1;
    /** The zstd level of compressed frames: the fastest of the regular levels. */
    public static final int ZSTD_LEVEL = 1;
    /**
     * The largest plain body a compressed frame may declare: NATS's largest {@code max_payload} (64 MiB), which no
     * plain frame exceeds, so a frame that claims more is refused before anything is allocated for it.
     */
    public static final int MAX_PLAIN_BYTES = 64 * 1024 * 1024;
    static final byte MAGIC_0 = 'I';
    static final byte MAGIC_1 = 'F';
    static final int HEADER = 4;
    static final int CHECKSUM = 4;
    private static final int SOURCE = 1;
    private static final int API_KEY = 2;
    private static final int REQUEST = 4;
    private static final int SCHEMA_VERSION = 8;
    private static final int SCHEMA_ID = 16;
    private static final int ATTRIBUTES = 32;
    private static final int ORIGIN = 64;
    private static final int ORIGIN_STREAM = 128;
    private static final byte[] NO_PAYLOAD = new byte[0];

    private FrameCodec() {
    }

    /**
     * Whether the bytes start like a frame (its magic); JSON never does, so a stage tells frames from raw JSON
     * input by this alone.
     */
    public static boolean isFrame(byte[] bytes) {
        return bytes != null && bytes.length >= 2 && bytes[0] == MAGIC_0 && bytes[1] == MAGIC_1;
    }

    public static byte[] encode(EventFrame frame) {
        Objects.requireNonNull(frame, "frame");
        FrameOutput out = new FrameOutput(estimateSize(frame));
        out.u8(MAGIC_0).u8(MAGIC_1).u8(PLAIN_VERSION).u8(frame.kind().ordinal());
        out.string(frame.eventType().name());
        List<FramedEvent> events = frame.events();
        out.uvar(events.size());
        FramedEvent common = events.get(0);
        long base = nanos(common.receivedAt());
        out.optString(common.source()).optString(common.apiKeyId()).optString(common.requestId())
                .optUvar(common.schemaVersion() == null ? null : common.schemaVersion().longValue())
                .optUvar(common.schemaId()).svar(base);
        Origin commonOrigin = common.origin();
        String originStream = commonOrigin == null ? null : commonOrigin.stream();
        long originBase = commonOrigin == null ? 0 : commonOrigin.sequence();
        out.optString(originStream).svar(originBase).optUvar(frame.pipelineRevision());
        FilteredBy previousFilter = null;
        for (FramedEvent event : events) {
            int flags = (Objects.equals(event.source(), common.source()) ? 0 : SOURCE)
                    | (Objects.equals(event.apiKeyId(), common.apiKeyId()) ? 0 : API_KEY)
                    | (Objects.equals(event.requestId(), common.requestId()) ? 0 : REQUEST)
                    | (Objects.equals(event.schemaVersion(), common.schemaVersion()) ? 0 : SCHEMA_VERSION)
                    | (Objects.equals(event.schemaId(), common.schemaId()) ? 0 : SCHEMA_ID)
                    | (event.attributes().isEmpty() ? 0 : ATTRIBUTES)
                    | (event.origin() == null ? 0 : ORIGIN)
                    | (event.origin() == null || event.origin().stream().equals(originStream) ? 0 : ORIGIN_STREAM);
            long receivedAt = nanos(event.receivedAt());
            out.u8(flags).string(event.eventId()).svar(receivedAt - base);
            if ((flags & SOURCE) != 0) {
                out.optString(event.source());
            }
            if ((flags & API_KEY) != 0) {
                out.optString(event.apiKeyId());
            }
            if ((flags & REQUEST) != 0) {
                out.optString(event.requestId());
            }
            if ((flags & SCHEMA_VERSION) != 0) {
                out.optUvar(event.schemaVersion() == null ? null : event.schemaVersion().longValue());
            }
            if ((flags & SCHEMA_ID) != 0) {
                out.optUvar(event.schemaId());
            }
            if ((flags & ATTRIBUTES) != 0) {
                out.uvar(event.attributes().size());
                event.attributes().forEach((name, value) -> out.string(name).string(value));
            }
            if ((flags & ORIGIN) != 0) {
                Origin origin = event.origin();
                out.svar(origin.sequence() - originBase).uvar(((long) origin.index() << 1) | (origin.last() ? 1 : 0));
                if ((flags & ORIGIN_STREAM) != 0) {
                    out.string(origin.stream());
                }
            }
            if (frame.kind() == EventFrame.Kind.ERRORS) {
                FrameFailure failure = event.failure();
                out.string(failure.stage()).string(failure.reason()).optString(failure.subject())
                        .svar(nanos(failure.failedAt()) - receivedAt).uvar(failure.violations().size());
                for (Violation violation : failure.violations()) {
                    out.string(violation.pointer()).string(violation.keyword()).string(violation.message());
                }
            }
            if (frame.kind() == EventFrame.Kind.FILTERED) {
                FilteredBy filter = event.filteredBy();
                if (filter.equals(previousFilter)) {
                    out.uvar(0);
                } else {
                    out.uvar(filter.step() + 1L).string(filter.kind()).string(filter.description())
                            .optUvar(filter.pipelineRevision());
                    previousFilter = filter;
                }
            } else {
                out.bytes(event.payload());
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out.buffer(), 0, out.length());
        out.u32((int) crc.getValue());
        return out.toByteArray();
    }

    /** @throws FrameFormatException when the bytes are not a whole, intact frame of a version this reader knows */
    public static EventFrame decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER + CHECKSUM) {
            throw new FrameFormatException("not a frame: " + (bytes == null ? 0 : bytes.length)
                    + " bytes are fewer than a frame's header and checksum");
        }
        if (!isFrame(bytes)) {
            throw new FrameFormatException("not a frame: it does not start with the magic 'IF'");
        }
        int version = bytes[2] & 0xff;
        if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
            throw new FrameFormatException("frame format version " + version + " is not supported (this reader "
                    + "reads versions " + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION + ")");
        }
        int end = bytes.length - CHECKSUM;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, end);
        int expected = ((bytes[end] & 0xff) << 24) | ((bytes[end + 1] & 0xff) << 16) | ((bytes[end + 2] & 0xff) << 8)
                | (bytes[end + 3] & 0xff);
        if ((int) crc.getValue() != expected) {
            throw new FrameFormatException("frame checksum mismatch over " + bytes.length
                    + " bytes: the frame is truncated or garbled");
        }
        int kindCode = bytes[3] & 0xff;
        if (kindCode >= EventFrame.Kind.values().length) {
            throw new FrameFormatException("unknown frame kind " + kindCode);
        }
        EventFrame.Kind kind = EventFrame.Kind.values()[kindCode];
        if (version == FORMAT_VERSION) {
            byte[] plain = CompressedBody.inflate(bytes, end);
            return decodeBody(new FrameInput(plain, 0, plain.length), kind, PLAIN_VERSION);
        }
        return decodeBody(new FrameInput(bytes, HEADER, end), kind, version);
    }

    /**
     * The frame as version {@value #FORMAT_VERSION}: its body compressed with zstd; {@code plain} itself when that
     * would not make it smaller.
     *
     * @param plain a frame as {@link #encode} writes it
     */
    public static byte[] compressed(byte[] plain) {
        if (!isFrame(plain) || plain.length < HEADER + CHECKSUM || (plain[2] & 0xff) != PLAIN_VERSION) {
            throw new IllegalArgumentException("not a plain frame of version " + PLAIN_VERSION);
        }
        return CompressedBody.compress(plain);
    }

    private static EventFrame decodeBody(FrameInput in, EventFrame.Kind kind, int version) {
        EventType type;
        String typeName = in.string("event type");
        try {
            type = EventType.of(typeName);
        } catch (InvalidEventTypeException e) {
            throw new FrameFormatException("frame names an invalid event type: " + e.getMessage(), e);
        }
        int count = in.count("event count");
        if (count == 0) {
            throw new FrameFormatException("frame holds no event");
        }
        String source = in.optString("source");
        String apiKeyId = in.optString("api key id");
        String requestId = in.optString("request id");
        Integer schemaVersion = toInt(in.optUvar("schema version"), "schema version");
        Long schemaId = in.optUvar("schema id");
        long base = in.svar("base received-at");
        String originStream = in.optString("origin stream");
        long originBase = in.svar("origin base");
        Long pipelineRevision = version >= 2 ? in.optUvar("pipeline revision") : null;
        List<FramedEvent> events = new ArrayList<>(count);
        FilteredBy previousFilter = null;
        for (int i = 0; i < count; i++) {
            String at = "event " + i;
            int flags = in.u8(at + " flags");
            if ((flags & ORIGIN_STREAM) != 0 && (flags & ORIGIN) == 0) {
                throw new FrameFormatException(at + ": an origin stream without an origin");
            }
            String eventId = in.string(at + " id");
            long receivedAt = base + in.svar(at + " received-at");
            String eventSource = (flags & SOURCE) != 0 ? in.optString(at + " source") : source;
            String eventApiKey = (flags & API_KEY) != 0 ? in.optString(at + " api key id") : apiKeyId;
            String eventRequest = (flags & REQUEST) != 0 ? in.optString(at + " request id") : requestId;
            Integer eventVersion = (flags & SCHEMA_VERSION) != 0
                    ? toInt(in.optUvar(at + " schema version"), at + " schema version") : schemaVersion;
            Long eventSchemaId = (flags & SCHEMA_ID) != 0 ? in.optUvar(at + " schema id") : schemaId;
            Map<String, String> attributes = Map.of();
            if ((flags & ATTRIBUTES) != 0) {
                int n = in.count(at + " attribute count");
                attributes = new LinkedHashMap<>();
                for (int a = 0; a < n; a++) {
                    attributes.put(in.string(at + " attribute name"), in.string(at + " attribute value"));
                }
            }
            Origin origin = null;
            if ((flags & ORIGIN) != 0) {
                long sequence = originBase + in.svar(at + " origin sequence");
                long position = in.uvar(at + " origin index");
                String stream = (flags & ORIGIN_STREAM) != 0 ? in.string(at + " origin stream") : originStream;
                if (stream == null) {
                    throw new FrameFormatException(at + ": an origin without a stream");
                }
                origin = build(at, () -> new Origin(stream, sequence, toIndex(position, at), (position & 1) == 1));
            }
            FrameFailure failure = null;
            if (kind == EventFrame.Kind.ERRORS) {
                String stage = in.string(at + " stage");
                String reason = in.string(at + " reason");
                String subject = in.optString(at + " subject");
                long failedAt = receivedAt + in.svar(at + " failed-at");
                int n = in.count(at + " violation count");
                List<Violation> violations = new ArrayList<>(n);
                for (int v = 0; v < n; v++) {
                    violations.add(new Violation(in.string(at + " violation pointer"),
                            in.string(at + " violation keyword"), in.string(at + " violation message")));
                }
                failure = build(at, () -> new FrameFailure(stage, reason, violations, subject, instant(failedAt)));
            }
            FilteredBy filter = null;
            byte[] payload;
            if (kind == EventFrame.Kind.FILTERED) {
                filter = filteredBy(in, at, previousFilter);
                previousFilter = filter;
                payload = NO_PAYLOAD;
            } else {
                payload = in.bytes(at + " payload");
            }
            if (eventSource == null) {
                throw new FrameFormatException(at + " has no source");
            }
            FrameFailure why = failure;
            Map<String, String> attrs = attributes;
            Origin from = origin;
            FilteredBy by = filter;
            events.add(build(at, () -> new FramedEvent(eventId, instant(receivedAt), eventSource, eventVersion,
                    eventSchemaId, eventApiKey, eventRequest, attrs, from, why, by, payload)));
        }
        if (!in.atEnd()) {
            throw new FrameFormatException("frame has " + in.remaining() + " bytes after its last event");
        }
        return build("frame", () -> new EventFrame(type, kind, events, pipelineRevision));
    }

    /** An event's filteredBy section: a step of its own, or (0) the one of the event before. */
    private static FilteredBy filteredBy(FrameInput in, String at, FilteredBy previous) {
        long step = in.uvar(at + " filter step");
        if (step == 0) {
            if (previous == null) {
                throw new FrameFormatException(at + ": the same filter step as the event before, but it is the first");
            }
            return previous;
        }
        if (step < 0 || step - 1 > Integer.MAX_VALUE) {
            throw new FrameFormatException(at + ": filter step out of range: " + (step - 1));
        }
        String kind = in.string(at + " filter kind");
        String description = in.string(at + " filter description");
        Long revision = in.optUvar(at + " pipeline revision");
        return build(at, () -> new FilteredBy((int) (step - 1), kind, description, revision));
    }

    /** An upper-bound guess of the encoded size, for buffers and for splitting batches under a size limit. */
    public static int estimateSize(EventFrame frame) {
        int size = 64 + frame.eventType().name().length();
        for (FramedEvent event : frame.events()) {
            size += estimateSize(event);
        }
        return size;
    }

    /** The bytes an event adds to a frame, at most (its strings counted as if every character took three). */
    public static int estimateSize(FramedEvent event) {
        int size = 60 + event.payload().length + 3 * event.eventId().length();
        if (event.origin() != null) {
            size += 3 * event.origin().stream().length();
        }
        if (event.attributes() != null) {
            for (Map.Entry<String, String> attribute : event.attributes().entrySet()) {
                size += 10 + 3 * (attribute.getKey().length() + attribute.getValue().length());
            }
        }
        size += 3 * (length(event.source()) + length(event.apiKeyId()) + length(event.requestId()));
        FilteredBy filter = event.filteredBy();
        if (filter != null) {
            size += 25 + 3 * (filter.kind().length() + filter.description().length());
        }
        FrameFailure failure = event.failure();
        if (failure != null) {
            size += 30 + 3 * (length(failure.stage()) + length(failure.reason()) + length(failure.subject()));
            for (Violation violation : failure.violations()) {
                size += 15 + 3 * (violation.pointer().length() + violation.keyword().length()
                        + violation.message().length());
            }
        }
        return size;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    private static <T> T build(String at, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new FrameFormatException(at + ": " + e.getMessage(), e);
        }
    }

    private static int toIndex(long position, String at) {
        long index = position >>> 1;
        if (index > Origin.MAX_INDEX) {
            throw new FrameFormatException(at + ": origin index out of range: " + index);
        }
        return (int) index;
    }

    private static Integer toInt(Long value, String what) {
        if (value == null) {
            return null;
        }
        if (value > Integer.MAX_VALUE) {
            throw new FrameFormatException(what + " out of range: " + value);
        }
        return value.intValue();
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
