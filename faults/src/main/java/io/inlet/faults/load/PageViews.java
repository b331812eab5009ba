package io.inlet.faults.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The load's events: page views shaped like the page.viewed fixtures, each carrying its client-chosen id in its
 * {@code id} field (the gateway's default id field), {@code f<seed>-<n>} for event {@code n}. Batch {@code b} holds
 * events {@code b * batchSize} to {@code (b + 1) * batchSize - 1} (the last batch may be shorter), so a retry of a
 * batch sends the same ids and a batch number is all a record needs to name its ids.
 */
public final class PageViews {

    public static final String EVENT_TYPE = "faults.page.viewed";

    /** page.viewed v1 with the event's own id. */
    public static final String SCHEMA = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"faults.page.viewed","type":"object",\
            "additionalProperties":false,"required":["id","user_id","url","viewed_at"],"properties":{\
            "id":{"type":"string","minLength":1,"maxLength":128},\
            "user_id":{"type":"string","minLength":1,"maxLength":64},"session_id":{"type":"string"},\
            "url":{"type":"string","format":"uri","maxLength":2048},"referrer":{"type":["string","null"]},\
            "viewed_at":{"type":"string","format":"date-time"},"duration_ms":{"type":"integer","minimum":0}}}""";

    private static final String[] PAGES = {"", "c/shoes", "c/bags", "p/1042-shoes", "p/1107-hats", "cart", "checkout"};
    private static final String[] SOURCES = {"newsletter", "google", "facebook", "partner", "direct"};
    private static final String[] REFERRERS = {"https://www.google.com/", "https://www.bing.com/search?q=shoes",
        "https://t.co/abc123"};

    private final long seed;
    private final long events;
    private final int batchSize;

    public PageViews(long seed, long events, int batchSize) {
        this.seed = seed;
        this.events = events;
        this.batchSize = batchSize;
    }

    public long events() {
        return events;
    }

    public int batchSize() {
        return batchSize;
    }

    public long batches() {
        return (events + batchSize - 1) / batchSize;
    }

    public String id(long n) {
        return "f" + seed + "-" + n;
    }

    /** The ids of batch {@code b}, in order. */
    public List<String> ids(long batch) {
        List<String> ids = new ArrayList<>(batchSize);
        for (long n = first(batch); n < end(batch); n++) {
            ids.add(id(n));
        }
        return ids;
    }

    /** Batch {@code b} as a JSON array; the same bytes every time. */
    public byte[] body(long batch) {
        SplittableRandom random = new SplittableRandom(seed * 31 + batch);
        StringBuilder json = new StringBuilder(batchSize * 260).append('[');
        for (long n = first(batch); n < end(batch); n++) {
            if (n > first(batch)) {
                json.append(',');
            }
            int user = random.nextInt(20_000);
            json.append("{\"id\":\"").append(id(n)).append("\",\"user_id\":\"u-").append(10_000 + user)
                    .append("\",\"session_id\":\"s-").append(Integer.toHexString(user * 31 + (int) (n / 5_000)))
                    .append("\",\"url\":\"https://shop.example.com/").append(PAGES[random.nextInt(PAGES.length)])
                    .append("?utm_source=").append(SOURCES[random.nextInt(SOURCES.length)])
                    .append("&utm_medium=email&utm_campaign=winter-sale\",\"referrer\":")
                    .append(n % 3 == 0 ? "null" : "\"" + REFERRERS[random.nextInt(REFERRERS.length)] + "\"")
                    .append(",\"viewed_at\":\"").append(Instant.ofEpochMilli(1_795_000_000_000L + n * 7))
                    .append("\",\"duration_ms\":").append(random.nextInt(60_000)).append('}');
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private long first(long batch) {
        return batch * batchSize;
    }

    private long end(long batch) {
        return Math.min(events, (batch + 1) * batchSize);
    }
}
