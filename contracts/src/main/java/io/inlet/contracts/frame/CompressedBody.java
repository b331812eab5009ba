package io.inlet.contracts.frame;

import static io.inlet.contracts.frame.FrameCodec.CHECKSUM;
import static io.inlet.contracts.frame.FrameCodec.HEADER;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.zip.CRC32C;

/**
 * The body of a compressed frame (format version {@value FrameCodec#FORMAT_VERSION}, see {@link FrameCodec}):
 * {@code codec u8 (1 zstd) · uvar plain length · the plain body as one zstd frame}, behind the plain frame's four
 * header bytes and before a checksum over all of it.
 */
final class CompressedBody {

    private static final int CODEC_ZSTD = 1;

    private CompressedBody() {
    }

    /** {@code plain} (a version 2 frame) as version 3, or {@code plain} itself when that is not smaller. */
    static byte[] compress(byte[] plain) {
        int bodyLength = plain.length - HEADER - CHECKSUM;
        FrameOutput out = new FrameOutput(HEADER + 6 + (int) Zstd.compressBound(bodyLength) + CHECKSUM);
        out.u8(FrameCodec.MAGIC_0).u8(FrameCodec.MAGIC_1).u8(FrameCodec.FORMAT_VERSION).u8(plain[3]).u8(CODEC_ZSTD)
                .uvar(bodyLength);
        int start = out.length();
        int room = out.capacity() - start - CHECKSUM;
        ZstdCompressCtx context = ZstdContexts.COMPRESSORS.borrow();
        int written;
        try {
            written = context.compressByteArray(out.buffer(), start, room, plain, HEADER, bodyLength);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        ZstdContexts.COMPRESSORS.giveBack(context);
        if (start + written + CHECKSUM >= plain.length) {
            return plain;
        }
        out.skip(written);
        CRC32C crc = new CRC32C();
        crc.update(out.buffer(), 0, out.length());
        out.u32((int) crc.getValue());
        return out.toByteArray();
    }

    /**
     * A compressed frame's plain body (from its event type on, without header and checksum), its codec and declared
     * length checked; the frame's checksum was checked before.
     *
     * @param end where the checksum starts
     */
    static byte[] inflate(byte[] bytes, int end) {
        FrameInput in = new FrameInput(bytes, HEADER, end);
        int codec = in.u8("compression codec");
        if (codec != CODEC_ZSTD) {
            throw new FrameFormatException("unknown frame compression codec " + codec + " (this reader knows 1, zstd)");
        }
        long length = in.uvar("plain length");
        if (length <= 0 || length > FrameCodec.MAX_PLAIN_BYTES) {
            throw new FrameFormatException("compressed frame declares a plain body of " + length + " bytes; it must be"
                    + " 1 to " + FrameCodec.MAX_PLAIN_BYTES);
        }
        byte[] plain = new byte[(int) length];
        int from = in.position();
        ZstdDecompressCtx context = ZstdContexts.DECOMPRESSORS.borrow();
        int inflated;
        try {
            inflated = context.decompressByteArray(plain, 0, plain.length, bytes, from, end - from);
        } catch (RuntimeException e) {
            context.close();
            throw new FrameFormatException("compressed frame body does not inflate: " + e.getMessage(), e);
        }
        ZstdContexts.DECOMPRESSORS.giveBack(context);
        if (inflated != plain.length) {
            throw new FrameFormatException("compressed frame body inflates to " + inflated + " bytes; it declares "
                    + plain.length);
        }
        return plain;
    }
}
