package io.runnel.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.runnel.broker.metrics.BrokerMetrics;
import io.runnel.broker.testing.RawConnection;
import io.runnel.broker.security.ListenerSecurity;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ApiVersionsResponse;
import io.runnel.protocol.message.ResponseHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection's whole pipeline (as {@link ConnectionInitializer} builds it) in an {@link EmbeddedChannel}, with
 * a handler whose requests the test completes in any order: responses leave in request order, a failed or
 * undecodable request is answered in its turn, reading pauses at the in-flight limit, and every buffer passed in
 * is released (the leak detector runs at PARANOID).
 */
class RequestDispatcherTest {
    private static final short V1 = 1;
    private static final short V3 = 3;
    private static final NetworkSettings SETTINGS = new NetworkSettings(1, 10, 1 << 20, 1 << 20, 1000, 0);

    /** What the client reads: the correlation id of the header, and the body's error code and marker. */
    private record Answer(int correlationId, ErrorCode error, int marker) {
        static Answer ok(int correlationId) {
            return new Answer(correlationId, ErrorCode.NONE, correlationId);
        }
    }

    private final List<ByteBuf> passedIn = new ArrayList<>();
    private EmbeddedChannel channel;

    @AfterEach
    void everyBufferPassedInIsReleased() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf buf : passedIn) {
            assertEquals(0, buf.refCnt(), "a buffer passed to the pipeline was not released");
        }
    }

    @Test
    void pipelinedRequestsFinishingInReverseAreAnsweredInRequestOrder() {
        GatedHandler handler = connect(SETTINGS, new GatedHandler());
        write(frames(1, 5));
        assertEquals(5, handler.received(), "all five are handled at once, none waits for another");
        for (int correlationId = 5; correlationId >= 2; correlationId--) {
            handler.release(correlationId);
            assertEquals(List.of(), sent(), "nothing leaves while the first request is unanswered");
        }
        handler.release(1);
        assertEquals(List.of(Answer.ok(1), Answer.ok(2), Answer.ok(3), Answer.ok(4), Answer.ok(5)), sent());
    }

    @Test
    void requestsOfOneReadAnsweredAtOnceLeaveInOneFlushAndALaterCompletionIsFlushedByItself() {
        GatedHandler handler = connect(SETTINGS, new GatedHandler());
        AtomicInteger flushes = countFlushes();
        handler.openGate();
        write(frames(1, 3));
        assertEquals(1, flushes.get(), "three responses completed during one read: one flush when the read ends");
        assertEquals(List.of(Answer.ok(1), Answer.ok(2), Answer.ok(3)), sent());
        channel.finishAndReleaseAll();

        GatedHandler gated = connect(SETTINGS, new GatedHandler());
        AtomicInteger laterFlushes = countFlushes();
        write(frames(1, 2));
        assertEquals(0, laterFlushes.get(), "nothing completed during the read, nothing to flush");
        gated.release(1);
        assertEquals(1, laterFlushes.get(), "a completion outside a read is flushed at once");
        assertEquals(List.of(Answer.ok(1)), sent());
        gated.release(2);
        assertEquals(2, laterFlushes.get());
        assertEquals(List.of(Answer.ok(2)), sent());
    }

    @Test
    void everyCompletionOrderOfFourRequestsIsAnsweredInRequestOrderAsSoonAsItsTurnComes() {
        for (List<Integer> order : permutations(List.of(1, 2, 3, 4))) {
            GatedHandler handler = connect(SETTINGS, new GatedHandler());
            write(frames(1, 4));
            boolean[] done = new boolean[5];
            List<Answer> expected = new ArrayList<>();
            List<Answer> received = new ArrayList<>();
            int next = 1;
            for (int correlationId : order) {
                handler.release(correlationId);
                done[correlationId] = true;
                while (next <= 4 && done[next]) {
                    expected.add(Answer.ok(next++));
                }
                received.addAll(sent());
                assertEquals(expected, received, "completed in the order " + order);
            }
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aFailedRequestInTheMiddleIsAnsweredWithUnknownServerErrorInItsTurn() {
        GatedHandler handler = connect(SETTINGS, new GatedHandler());
        write(frames(1, 3));
        handler.release(3);
        handler.fail(2, new IllegalStateException("simulated handler bug"));
        assertEquals(List.of(), sent());
        handler.release(1);
        assertEquals(List.of(Answer.ok(1), new Answer(2, ErrorCode.UNKNOWN_SERVER_ERROR, 2), Answer.ok(3)), sent());
        assertTrue(channel.isOpen(), "a broker bug in one request does not cost the client its connection");
    }

    @Test
    void aHandlerThatThrowsIsAnsweredWithUnknownServerErrorInItsTurn() {
        GatedHandler gated = new GatedHandler();
        connect(SETTINGS, new ApiHandler() {
            @Override
            public CompletionStage<Response> handle(RequestContext context, ApiMessage request) {
                if (context.correlationId() == 2) {
                    throw new IllegalStateException("simulated handler bug");
                }
                return gated.handle(context, request);
            }

            @Override
            public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
                return gated.errorResponse(context, error);
            }
        });
        write(frames(1, 3));
        gated.release(3);
        gated.release(1);
        assertEquals(List.of(Answer.ok(1), new Answer(2, ErrorCode.UNKNOWN_SERVER_ERROR, 2), Answer.ok(3)), sent());
    }

    @Test
    void anUndecodableRequestInTheMiddleIsAnsweredWithInvalidRequestInItsTurn() {
        GatedHandler handler = connect(SETTINGS, new GatedHandler());
        // v3, whose body has fields (v1's is empty): cut its last bytes off and fix the size prefix, so that the
        // frame and the header are whole and the body is not.
        byte[] second = RawConnection.apiVersionsFrame(V3, 2);
        byte[] truncated = RawConnection.withSize(Arrays.copyOfRange(second, 4, second.length - 2));
        write(RawConnection.concat(RawConnection.apiVersionsFrame(V3, 1), truncated,
                RawConnection.apiVersionsFrame(V3, 3)));
        assertEquals(2, handler.received(), "the undecodable request never reaches its handler");
        handler.release(3);
        assertEquals(List.of(), sent(V3));
        handler.release(1);
        assertEquals(List.of(Answer.ok(1), new Answer(2, ErrorCode.INVALID_REQUEST, 2), Answer.ok(3)), sent(V3));
        assertTrue(channel.isOpen());
    }

    @Test
    void aRequestWithoutResponseIsSkippedInItsTurn() {
        GatedHandler handler = connect(SETTINGS, new GatedHandler());
        write(frames(1, 3));
        handler.release(3);
        handler.releaseWithoutResponse(2);
        handler.release(1);
        assertEquals(List.of(Answer.ok(1), Answer.ok(3)), sent());
    }

    @Test
    void aCloseInsteadOfAnAnswerSendsTheEarlierResponsesThenClosesWithoutTheLaterOnes() {
        GatedHandler gated = new GatedHandler();
        CompletableFuture<Response> closeSecond = new CompletableFuture<>();
        connect(SETTINGS, (context, request) ->
                context.correlationId() == 2 ? closeSecond : gated.handle(context, request));
        write(frames(1, 3));
        gated.release(3);
        closeSecond.complete(Response.closeConnection());
        assertTrue(channel.isOpen(), "the close waits for the first request's answer");
        gated.release(1);
        assertEquals(List.of(Answer.ok(1)), sent());
        assertFalse(channel.isOpen());
    }

    @Test
    void requestsStillRunningWhenTheConnectionClosesReleaseTheirFramesWhenTheyFinish() {
        GatedHandler handler = connect(SETTINGS, new GatedHandler());
        write(frames(1, 2));
        channel.close();
        handler.release(2);
        handler.release(1);
        assertEquals(List.of(), sent());
    }

    @Test
    void readingPausesAtTheInFlightLimitAndResumesOnceAnswersHaveLeft() {
        NetworkSettings twoInFlight = new NetworkSettings(1, 10, 1 << 20, 1 << 20, 2, 0);
        GatedHandler handler = connect(twoInFlight, new GatedHandler());
        write(frames(1, 1));
        assertTrue(channel.config().isAutoRead());
        write(frames(2, 3));
        assertEquals(3, handler.received(), "requests already read are still handled");
        assertFalse(channel.config().isAutoRead(), "reading pauses at two requests in flight");
        handler.release(1);
        assertEquals(List.of(Answer.ok(1)), sent());
        assertFalse(channel.config().isAutoRead(), "still two in flight");
        handler.release(2);
        assertEquals(List.of(Answer.ok(2)), sent());
        assertTrue(channel.config().isAutoRead(), "one in flight: reading resumes");
        handler.release(3);
        assertEquals(List.of(Answer.ok(3)), sent());
    }

    private <H extends ApiHandler> H connect(NetworkSettings settings, H apiVersions) {
        ApiHandlers handlers = ApiHandlers.builder().register(ApiKey.API_VERSIONS, apiVersions).build();
        channel = new EmbeddedChannel(new ConnectionInitializer(handlers, settings,
                new ConnectionTracker(settings.maxConnections()), new NetworkLogs(), new BrokerMetrics(),
                ListenerSecurity.plaintext()));
        return apiVersions;
    }

    /** Counts the flushes that reach the socket end of the pipeline. */
    private AtomicInteger countFlushes() {
        AtomicInteger flushes = new AtomicInteger();
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        });
        return flushes;
    }

    private void write(byte[] bytes) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
        passedIn.add(buf);
        channel.writeInbound(buf);
    }

    /** Every ApiVersions v1 response written since the last call, decoded and released. */
    private List<Answer> sent() {
        return sent(V1);
    }

    /** Every ApiVersions response (at {@code version}) written since the last call, decoded and released. */
    private List<Answer> sent(short version) {
        List<Answer> answers = new ArrayList<>();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            try {
                if (!buf.isReadable()) {
                    // The empty write a close waits behind.
                    continue;
                }
                assertEquals(buf.readableBytes() - Integer.BYTES, buf.readInt(), "the size prefix");
                int correlationId = ResponseHeader.read(buf, (short) 0).correlationId();
                ApiVersionsResponse body = ApiVersionsResponse.read(buf, version);
                assertFalse(buf.isReadable(), "one response per buffer");
                answers.add(new Answer(correlationId, ErrorCode.forCode(body.errorCode()), body.throttleTimeMs()));
            } finally {
                buf.release();
            }
        }
        return answers;
    }

    private static byte[] frames(int first, int last) {
        return PipeliningTest.frames(first, last);
    }

    private static List<List<Integer>> permutations(List<Integer> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<Integer>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<Integer> rest = new ArrayList<>(items);
            Integer head = rest.remove(i);
            for (List<Integer> tail : permutations(rest)) {
                List<Integer> one = new ArrayList<>();
                one.add(head);
                one.addAll(tail);
                all.add(one);
            }
        }
        return all;
    }
}
