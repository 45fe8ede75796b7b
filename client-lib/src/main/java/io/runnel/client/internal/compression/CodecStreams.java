package io.runnel.client.internal.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.protocol.MalformedMessageException;

import java.io.IOException;
import java.io.InputStream;

/** Reading a stream-based codec's output into a buffer, bounded, for the codecs that wrap a library's streams. */
final class CodecStreams {
    private static final int CHUNK = 16 * 1024;

    private CodecStreams() {
    }

    /**
     * Reads {@code in} to its end into a new buffer from {@code alloc}. Closes {@code in}.
     *
     * @param sizeHint the expected size, to size the first allocation
     * @throws MalformedMessageException when the stream is corrupt or longer than {@code maxBytes}
     */
    static ByteBuf readFully(String codec, InputStream in, ByteBufAllocator alloc, int maxBytes, int sizeHint) {
        ByteBuf out = alloc.buffer(Math.max(64, Math.min(maxBytes, sizeHint)));
        try (in) {
            while (true) {
                // One byte beyond the limit is asked for so an over-long stream is detected, not silently cut.
                int want = (int) Math.min(CHUNK, (long) maxBytes + 1 - out.writerIndex());
                int read = out.writeBytes(in, want);
                if (read < 0) {
                    return out;
                }
                if (out.writerIndex() > maxBytes) {
                    throw new MalformedMessageException(codec + " records decompress to more than " + maxBytes
                            + " bytes");
                }
            }
        } catch (IOException e) {
            out.release();
            throw new MalformedMessageException(codec + " records are corrupt: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            out.release();
            if (e instanceof MalformedMessageException) {
                throw e;
            }
            throw new MalformedMessageException(codec + " records are corrupt: " + e, e);
        }
    }
}
