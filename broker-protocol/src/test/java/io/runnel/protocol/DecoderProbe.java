package io.runnel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.RequestHeader;
import io.runnel.protocol.message.ResponseHeader;
import io.runnel.protocol.oracle.Direction;
import io.runnel.protocol.oracle.HexDump;
import io.runnel.protocol.oracle.Mutant;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Feeds untrusted bytes to one of Runnel's decoders and classifies what happened. Only two outcomes are
 * allowed: the bytes decode (and the message then re-encodes to bytes that decode and re-encode identically),
 * or the decoder throws {@link MalformedMessageException}. Any other exception or error fails the caller; so
 * does a run past a time bound, for callers that go through {@link #withinBound}.
 */
final class DecoderProbe {
    /** Far above any honest decode of a few hundred bytes, even on a loaded two-core machine. */
    static final Duration BOUND = Duration.ofSeconds(2);

    /** What a decoder did with a piece of input. */
    enum Outcome { DECODED, MALFORMED }

    private DecoderProbe() {
    }

    /** Runs {@code work} on another thread and fails if it takes longer than {@code bound}. */
    static <T> T withinBound(Duration bound, Supplier<String> what, Supplier<T> work) {
        return assertTimeoutPreemptively(bound, work::get, () -> what.get() + ": decoding ran longer than " + bound);
    }

    /** Decodes a mutant with a message-body decoder; a mutant that cannot be valid must be rejected. */
    static Outcome decode(ApiVersionCase c, Mutant mutant, String origin) {
        String what = c + " " + origin + ", " + mutant.description();
        Outcome outcome = decode(c, mutant.bytes(), what);
        if (mutant.mustBeMalformed() && outcome != Outcome.MALFORMED) {
            throw new AssertionError(what + ": decoded although the input cannot be valid"
                    + "\n bytes:" + HexDump.window(mutant.bytes(), 0, 256));
        }
        return outcome;
    }

    /** Decodes {@code bytes} with a message-body decoder; a successful decode must re-encode stably. */
    static Outcome decode(ApiVersionCase c, byte[] bytes, String what) {
        return classify(what, bytes, () -> {
            byte[] once;
            ByteBuf in = Unpooled.wrappedBuffer(bytes);
            try {
                ApiMessage message = c.direction() == Direction.REQUEST
                        ? c.key().readRequest(in, c.version()) : c.key().readResponse(in, c.version());
                try {
                    once = RunnelCodec.encode(message, c.version());
                } finally {
                    ReferenceCountUtil.release(message);
                }
            } finally {
                in.release();
            }
            byte[] twice = RunnelCodec.reencode(c.key(), c.direction(), c.version(), once);
            if (!Arrays.equals(once, twice)) {
                throw new AssertionError("decoded, but re-encoding is not stable\n" + HexDump.difference(once, twice));
            }
            return Outcome.DECODED;
        });
    }

    /** Decodes {@code bytes} with the request header reader. */
    static Outcome decodeRequestHeader(short headerVersion, byte[] bytes, String what) {
        return classify(what, bytes, () -> {
            ByteBuf in = Unpooled.wrappedBuffer(bytes);
            try {
                RequestHeader.read(in, headerVersion);
                return Outcome.DECODED;
            } finally {
                in.release();
            }
        });
    }

    /** Decodes {@code bytes} with the response header reader. */
    static Outcome decodeResponseHeader(short headerVersion, byte[] bytes, String what) {
        return classify(what, bytes, () -> {
            ByteBuf in = Unpooled.wrappedBuffer(bytes);
            try {
                ResponseHeader.read(in, headerVersion);
                return Outcome.DECODED;
            } finally {
                in.release();
            }
        });
    }

    private static Outcome classify(String what, byte[] bytes, Callable<Outcome> decode) {
        try {
            return decode.call();
        } catch (MalformedMessageException e) {
            return Outcome.MALFORMED;
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage() + "\n bytes:" + HexDump.window(bytes, 0, 256), e);
        } catch (Throwable t) {
            throw new AssertionError(what + ": decoder escaped with " + t
                    + "\n bytes:" + HexDump.window(bytes, 0, 256), t);
        }
    }
}
