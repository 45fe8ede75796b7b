package io.runnel.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.runnel.broker.logging.RateLimitedLogger;
import io.runnel.broker.testing.RawConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link FrameDecoder} alone in an {@link EmbeddedChannel}: frames however the bytes are cut, several per read,
 * size limits, and every buffer passed in released once its frames are (the leak detector runs at PARANOID).
 */
class FrameDecoderTest {
    private static final int MAX_FRAME = 64;

    private final List<ByteBuf> passedIn = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME,
            new RateLimitedLogger(LoggerFactory.getLogger(FrameDecoderTest.class), 10_000)));

    @AfterEach
    void everyBufferPassedInIsReleased() {
        channel.finishAndReleaseAll();
        for (ByteBuf buf : passedIn) {
            assertEquals(0, buf.refCnt(), "a buffer passed to the decoder was not released");
        }
    }

    @Test
    void aFrameSplitAtEveryByteBoundaryComesOutWhole() {
        byte[] frame = frame("split me anywhere");
        for (int cut = 0; cut <= frame.length; cut++) {
            write(slice(frame, 0, cut));
            if (cut < frame.length) {
                assertNull(channel.readInbound(), "nothing before the last byte, cut at " + cut);
            }
            write(slice(frame, cut, frame.length));
            assertFrames(List.of("split me anywhere"));
        }
    }

    @Test
    void aFrameFedOneByteAtATimeComesOutOnceAtItsLastByte() {
        byte[] frame = frame("one byte at a time");
        for (int i = 0; i < frame.length; i++) {
            write(slice(frame, i, i + 1));
            if (i < frame.length - 1) {
                assertNull(channel.readInbound(), "no frame after byte " + i);
            }
        }
        assertFrames(List.of("one byte at a time"));
    }

    @Test
    void severalFramesInOneBufferComeOutInOrder() {
        write(concat(frame("first"), frame(""), frame("second"), frame("third")));
        assertFrames(List.of("first", "", "second", "third"));
    }

    @Test
    void threeFramesCutAtEveryPairOfBoundariesComeOutInOrder() {
        byte[] all = concat(frame("alpha"), frame("beta"), frame("gamma"));
        for (int a = 0; a <= all.length; a++) {
            for (int b = a; b <= all.length; b++) {
                write(slice(all, 0, a));
                write(slice(all, a, b));
                write(slice(all, b, all.length));
                assertFrames(List.of("alpha", "beta", "gamma"));
            }
        }
    }

    @Test
    void aFrameAtTheLimitIsPassedOn() {
        String body = "x".repeat(MAX_FRAME);
        write(frame(body));
        assertFrames(List.of(body));
        assertTrue(channel.isOpen());
    }

    @ParameterizedTest
    @ValueSource(ints = {MAX_FRAME + 1, Integer.MAX_VALUE, -1, Integer.MIN_VALUE})
    void aSizeAboveTheLimitOrNegativeClosesTheConnectionAsSoonAsItsFourBytesArrive(int size) {
        byte[] prefix = ByteBuffer.allocate(4).putInt(size).array();
        write(slice(prefix, 0, 3));
        assertTrue(channel.isOpen(), "three bytes are not a size yet");
        write(slice(prefix, 3, 4));
        assertFalse(channel.isOpen());
        assertNull(channel.readInbound());
    }

    @Test
    void bytesAfterAnOversizedFrameAreDroppedNotDecoded() {
        byte[] oversized = ByteBuffer.allocate(4).putInt(MAX_FRAME + 1).array();
        write(concat(frame("before"), oversized, frame("after")));
        assertFrames(List.of("before"));
        assertFalse(channel.isOpen());
    }

    private void write(byte[] bytes) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
        passedIn.add(buf);
        channel.writeInbound(buf);
    }

    /** Reads every frame passed on and checks their bodies; releases them. */
    private void assertFrames(List<String> expected) {
        List<String> bodies = new ArrayList<>();
        ByteBuf frame;
        while ((frame = channel.readInbound()) != null) {
            try {
                bodies.add(frame.toString(StandardCharsets.UTF_8));
            } finally {
                frame.release();
            }
        }
        assertEquals(expected, bodies);
    }

    private static byte[] frame(String body) {
        return RawConnection.withSize(body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    private static byte[] concat(byte[]... frames) {
        return RawConnection.concat(frames);
    }
}
