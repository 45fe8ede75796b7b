package io.runnel.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.runnel.broker.testing.RawConnection;
import io.runnel.broker.security.ConnectionSession;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ApiVersionsRequest;
import io.runnel.protocol.message.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link RequestDecoder} alone in an {@link EmbeddedChannel}: what it passes on, what closes the connection, and
 * that every frame passed in is released, by the decoder when it drops the frame or with the request otherwise.
 *
 * <p>A handler ahead of the decoder swallows {@code close()}, as a real channel closes only later: the test sees
 * that the decoder asked for the close and can still feed it the frames that arrived in the same read.
 */
class RequestDecoderTest {
    private static final short V3 = 3;
    /** A body the stand-in Produce handler answers legacy (v0-2) requests with. */
    private static final ApiMessage LEGACY_BODY = new ApiVersionsRequest().clientSoftwareName("legacy");

    private final List<ByteBuf> passedIn = new ArrayList<>();
    private final List<InboundRequest> passedOn = new ArrayList<>();
    private final CloseRecorder close = new CloseRecorder();
    private ByteBuf legacyBodySeen;
    private boolean answerLegacy = true;

    private final ApiHandler legacyProduce = new ApiHandler() {
        @Override
        public CompletableFuture<Response> handle(RequestContext context, ApiMessage request) {
            throw new AssertionError("the decoder never calls handle");
        }

        @Override
        public ApiMessage readLegacyRequest(RequestContext context, ByteBuf body) {
            legacyBodySeen = body;
            return answerLegacy ? LEGACY_BODY : null;
        }
    };
    private final ApiHandlers handlers = ApiHandlers.builder()
            .register(ApiKey.API_VERSIONS, (context, request) -> new CompletableFuture<>())
            .register(ApiKey.PRODUCE, legacyProduce)
            .build();
    private final EmbeddedChannel channel = new EmbeddedChannel(close, new RequestDecoder(handlers, new NetworkLogs(),
            ConnectionSession.anonymous("127.0.0.1")));

    @AfterEach
    void everyFramePassedInIsReleased() {
        for (InboundRequest request : passedOn) {
            request.release();
        }
        channel.finishAndReleaseAll();
        for (ByteBuf frame : passedIn) {
            assertEquals(0, frame.refCnt(), "a frame passed to the decoder was not released");
        }
    }

    @Test
    void aRequestGoesOnWithItsHeaderAndBodyAndHoldsItsFrameUntilReleased() {
        ByteBuf frame = write(apiVersionsFrame(42));
        InboundRequest request = readRequest();
        RequestContext context = request.context();
        assertEquals(ApiKey.API_VERSIONS, context.apiKey());
        assertEquals(V3, context.apiVersion());
        assertEquals(42, context.correlationId());
        assertEquals("raw-test", context.clientId());
        ApiVersionsRequest body = assertInstanceOf(ApiVersionsRequest.class, request.body());
        assertEquals("runnel-test", body.clientSoftwareName());
        assertNull(request.decodeError());
        assertEquals(apiVersionsFrame(42).length, request.frameBytes());
        assertEquals(1, frame.refCnt(), "the body may point into the frame until the request is handled");
        request.release();
        assertEquals(0, frame.refCnt());
        request.release();
        assertEquals(0, frame.refCnt(), "a second release does nothing");
        assertFalse(close.requested);
    }

    @Test
    void anUndecodableBodyGoesOnWithTheErrorSoThatItCanBeAnswered() {
        byte[] whole = apiVersionsFrame(7);
        // The header is intact; the body's software version is cut short.
        write(Arrays.copyOf(whole, whole.length - 3));
        InboundRequest request = readRequest();
        assertEquals(7, request.context().correlationId());
        assertNull(request.body());
        assertNotNull(request.decodeError());
        assertFalse(close.requested);
    }

    @Test
    void anApiVersionsNewerThanTheBrokerKnowsGoesOnAsAnEmptyV0Body() {
        short newer = (short) (ApiKey.API_VERSIONS.highestVersion() + 1);
        write(frame(ApiKey.API_VERSIONS, newer, 9, "whatever a future version holds"));
        InboundRequest request = readRequest();
        assertEquals(newer, request.context().apiVersion(), "the answer says which version was asked");
        ApiVersionsRequest body = assertInstanceOf(ApiVersionsRequest.class, request.body());
        assertEquals(new ApiVersionsRequest(), body, "nothing of the unknown body is read");
        assertFalse(close.requested);
    }

    @Test
    void anAdvertisedVersionBelowTheCodecIsDecodedByItsHandler() {
        write(frame(ApiKey.PRODUCE, (short) 2, 11, "legacy body"));
        InboundRequest request = readRequest();
        assertSame(LEGACY_BODY, request.body());
        assertEquals("legacy body", legacyBodySeen.toString(StandardCharsets.UTF_8), "the handler reads the body");
        assertFalse(close.requested);
    }

    @Test
    void aLegacyVersionItsHandlerDoesNotAnswerClosesTheConnection() {
        answerLegacy = false;
        write(frame(ApiKey.PRODUCE, (short) 1, 11, "legacy body"));
        assertClosedWithNothingPassedOn();
    }

    @Test
    void aFrameTooShortForAHeaderClosesTheConnection() {
        write(new byte[7]);
        assertClosedWithNothingPassedOn();
    }

    @Test
    void anUnknownApiKeyClosesTheConnection() {
        write(frame((short) 999, (short) 0, 1, ""));
        assertClosedWithNothingPassedOn();
    }

    @Test
    void anApiWithoutAHandlerClosesTheConnection() {
        write(frame(ApiKey.METADATA, (short) 12, 1, ""));
        assertClosedWithNothingPassedOn();
    }

    @Test
    void anUnsupportedVersionClosesTheConnection() {
        write(frame(ApiKey.PRODUCE, (short) (ApiKey.PRODUCE.highestVersion() + 1), 1, ""));
        assertClosedWithNothingPassedOn();
    }

    @Test
    void aHeaderThatDoesNotDecodeClosesTheConnection() {
        ByteBuf header = PooledByteBufAllocator.DEFAULT.buffer();
        // api key, version, correlation id, then a client id claiming more bytes than follow.
        header.writeShort(ApiKey.API_VERSIONS.id()).writeShort(V3 - 1).writeInt(5).writeShort(100).writeByte('x');
        byte[] bytes = new byte[header.readableBytes()];
        header.readBytes(bytes).release();
        write(bytes);
        assertClosedWithNothingPassedOn();
    }

    @Test
    void framesThatArriveAfterARejectedOneAreReleasedUnread() {
        write(new byte[3]);
        assertTrue(close.requested);
        write(apiVersionsFrame(1));
        write(apiVersionsFrame(2));
        assertClosedWithNothingPassedOn();
    }

    private void assertClosedWithNothingPassedOn() {
        assertTrue(close.requested, "the decoder closes the connection");
        assertNull(channel.readInbound(), "nothing is passed on");
    }

    private InboundRequest readRequest() {
        InboundRequest request = channel.readInbound();
        assertNotNull(request, "a request is passed on");
        passedOn.add(request);
        assertNull(channel.readInbound(), "one request per frame");
        return request;
    }

    private ByteBuf write(byte[] frame) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(frame.length).writeBytes(frame);
        passedIn.add(buf);
        channel.writeInbound(buf);
        return buf;
    }

    /** An ApiVersions v3 request encoded by kafka-clients, without its size prefix (the frame decoder's output). */
    private static byte[] apiVersionsFrame(int correlationId) {
        byte[] sized = RawConnection.apiVersionsFrame(V3, correlationId);
        return Arrays.copyOfRange(sized, 4, sized.length);
    }

    private static byte[] frame(ApiKey api, short version, int correlationId, String body) {
        return frame(api.id(), version, api.requestHeaderVersion(version), correlationId, body);
    }

    private static byte[] frame(short apiKey, short version, int correlationId, String body) {
        return frame(apiKey, version, (short) 1, correlationId, body);
    }

    /** A request header for any key and version, then {@code body}'s bytes. */
    private static byte[] frame(short apiKey, short version, short headerVersion, int correlationId, String body) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            new RequestHeader().requestApiKey(apiKey).requestApiVersion(version).correlationId(correlationId)
                    .clientId("decoder-test").write(buf, headerVersion);
            buf.writeCharSequence(body, StandardCharsets.UTF_8);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    /** Swallows close(), as a real channel's close completes later, and records that it was asked for. */
    private static final class CloseRecorder extends ChannelOutboundHandlerAdapter {
        boolean requested;

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            requested = true;
            promise.setSuccess();
        }
    }
}
