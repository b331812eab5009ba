package io.inlet.gateway.ingest;

import java.util.List;

/** How a request body carries its events. */
public enum BodyFormat {
    /** {@code application/json}: one event object, or an array of event objects. */
    JSON("json"),
    /** {@code application/x-ndjson}: one event object per line. */
    NDJSON("ndjson"),
    /** {@code application/cloudevents+json}: one CloudEvent in structured mode; its {@code data} is the event. */
    CLOUDEVENT("cloudevent"),
    /** {@code application/cloudevents-batch+json}: an array of structured CloudEvents. */
    CLOUDEVENTS_BATCH("cloudevents-batch"),
    /** CloudEvents binary mode: attributes in {@code ce-*} headers, the body is the event. */
    CLOUDEVENT_BINARY("cloudevent-binary");

    /** The media types the gateway reads, for 415 problems and the API description. */
    public static final List<String> SUPPORTED_MEDIA_TYPES = List.of("application/json", "application/x-ndjson",
            "application/jsonl", "application/cloudevents+json", "application/cloudevents-batch+json",
            "application/json with ce-* headers (CloudEvents binary mode)");

    private final String tag;

    BodyFormat(String tag) {
        this.tag = tag;
    }

    /** Metric tag value. */
    public String tag() {
        return tag;
    }

    public boolean isCloudEvents() {
        return this == CLOUDEVENT || this == CLOUDEVENTS_BATCH || this == CLOUDEVENT_BINARY;
    }
}
