package io.inlet.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Events shaped like the page.viewed fixtures (/work/shared/fixtures/events/page.viewed.valid.ndjson), valid for the
 * page.viewed v1 schema, with values varied per event and the URL's query padded so that each event's JSON is
 * {@code size} bytes (or the smallest valid event when that is larger).
 *
 * <p>{@link Kind#REALISTIC} draws users, sessions, pages, campaigns and referrers from small vocabularies with a
 * skew (a few are common, most are rare), as clickstream data does, and pads the URL with campaign parameters;
 * {@link Kind#RANDOM} pads with random characters and draws users and sessions uniformly, which no codec can
 * compress much: the worst case for the Parquet size.
 */
final class Payloads {

    enum Kind { REALISTIC, RANDOM }

    static final String SCHEMA = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"page.viewed","type":"object",\
            "additionalProperties":false,"required":["user_id","url","viewed_at"],"properties":{\
            "user_id":{"type":"string","minLength":1,"maxLength":64},"session_id":{"type":"string"},\
            "url":{"type":"string","format":"uri","maxLength":2048},"referrer":{"type":["string","null"]},\
            "viewed_at":{"type":"string","format":"date-time"},"duration_ms":{"type":"integer","minimum":0}}}""";

    private static final String[] PAGES = {"", "p/42", "cart", "checkout", "s", "c/shoes", "p/7?variant=red"};
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private static final String[] CATEGORIES = {"shoes", "shirts", "bags", "watches", "jackets", "socks", "hats",
        "sale", "new-in", "kids"};
    private static final String[] SOURCES = {"newsletter", "google", "facebook", "instagram", "partner", "direct"};
    private static final String[] MEDIUMS = {"email", "cpc", "social", "display", "referral"};
    private static final String[] CAMPAIGNS = {"black-friday-2026", "winter-sale", "new-arrivals", "retargeting-q4",
        "brand-awareness", "loyalty-members"};
    private static final String[] REFERRERS = {"https://www.google.com/", "https://www.bing.com/search?q=shoes",
        "https://www.facebook.com/", "https://t.co/abc123", "https://news.example.net/deals"};

    private final int size;
    private final Kind kind;
    private final SplittableRandom random;

    Payloads(int size, Kind kind, long seed) {
        this.size = size;
        this.kind = kind;
        this.random = new SplittableRandom(seed);
    }

    /** One event's JSON. */
    String event(long index) {
        return kind == Kind.RANDOM ? randomEvent(index) : realisticEvent(index);
    }

    /** An index in [0, n) where small values are much more likely (roughly Zipf-like). */
    private int skewed(int n) {
        double u = random.nextDouble();
        return (int) (n * u * u * u);
    }

    private String realisticEvent(long index) {
        int user = skewed(20_000);
        String page = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "c/" + CATEGORIES[skewed(CATEGORIES.length)];
            case 2 -> "p/" + (1000 + skewed(500)) + "-" + CATEGORIES[skewed(CATEGORIES.length)];
            default -> random.nextBoolean() ? "cart" : "checkout";
        };
        String head = "{\"user_id\":\"u-" + (10_000 + user) + "\",\"session_id\":\"s-" + Integer.toHexString(user * 31
                + (int) (index / 5_000)) + "\",\"url\":\"https://shop.example.com/" + page + "?utm_source="
                + SOURCES[skewed(SOURCES.length)] + "&utm_medium=" + MEDIUMS[skewed(MEDIUMS.length)]
                + "&utm_campaign=" + CAMPAIGNS[skewed(CAMPAIGNS.length)];
        String tail = "\",\"referrer\":" + (index % 3 == 0 ? "null" : "\"" + REFERRERS[skewed(REFERRERS.length)] + "\"")
                + ",\"viewed_at\":\"" + Instant.ofEpochMilli(1_795_000_000_000L + index * 7).toString()
                + "\",\"duration_ms\":" + skewed(60_000) + "}";
        int pad = size - head.length() - tail.length();
        StringBuilder json = new StringBuilder(size + 16).append(head);
        if (pad > 0) {
            StringBuilder query = new StringBuilder();
            while (query.length() < pad) {
                query.append("&utm_content=").append(CATEGORIES[skewed(CATEGORIES.length)]).append("-banner-")
                        .append(skewed(12));
            }
            json.append(query, 0, pad);
        }
        return json.append(tail).toString();
    }

    private String randomEvent(long index) {
        String page = PAGES[(int) (index % PAGES.length)];
        String head = "{\"user_id\":\"u-" + (1000 + random.nextInt(100_000)) + "\",\"session_id\":\"s-"
                + Long.toHexString(random.nextLong()) + "\",\"url\":\"https://shop.example.com/" + page
                + (page.contains("?") ? "&" : "?") + "utm=";
        String tail = "\",\"referrer\":" + (index % 3 == 0 ? "null" : "\"https://www.example.org/search?q=w"
                + random.nextInt(1000) + "\"") + ",\"viewed_at\":\""
                + Instant.ofEpochMilli(1_795_000_000_000L + index * 7).toString() + "\",\"duration_ms\":"
                + random.nextInt(60_000) + "}";
        int pad = Math.max(1, size - head.length() - tail.length());
        StringBuilder json = new StringBuilder(size + 16).append(head);
        for (int i = 0; i < pad; i++) {
            json.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return json.append(tail).toString();
    }

    /** A JSON array of {@code count} events, as the gateway's batch body. */
    byte[] batch(int count, long firstIndex) {
        StringBuilder body = new StringBuilder(count * (size + 1) + 2).append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(event(firstIndex + i));
        }
        return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    List<byte[]> events(int count) {
        List<byte[]> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(i).getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }
}
