package io.inlet.contracts;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): 48 bits of Unix milliseconds, then 74 random bits. Ids
 * made later sort later (to the millisecond), which keeps them friendly to indexes and partitions;
 * the random part makes collisions between instances practically impossible.
 */
public final class UuidV7 {

    private UuidV7() {
    }

    /** A new version-7 UUID for the current time. */
    public static UUID generate() {
        return generate(System.currentTimeMillis());
    }

    /** A new version-7 UUID for the given clock's time. */
    public static UUID generate(Clock clock) {
        return generate(clock.millis());
    }

    static UUID generate(long unixMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long randA = random.nextLong() & 0xFFFL;
        long randB = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        long msb = ((unixMillis & 0xFFFF_FFFF_FFFFL) << 16) | 0x7000L | randA;
        long lsb = 0x8000_0000_0000_0000L | randB;
        return new UUID(msb, lsb);
    }

    /** The Unix milliseconds a version-7 UUID was made at. */
    public static long unixMillis(UUID uuid) {
        if (uuid.version() != 7) {
            throw new IllegalArgumentException("not a version 7 UUID: " + uuid);
        }
        return uuid.getMostSignificantBits() >>> 16;
    }
}
