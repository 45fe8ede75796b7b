package io.runnel.client.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.runnel.client.BrokerUnavailableException;
import io.runnel.client.RunnelException;
import io.runnel.client.RunnelTimeoutException;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.MetadataRequest;
import io.runnel.protocol.message.MetadataResponse;
import io.runnel.protocol.message.ProduceRequest;
import io.runnel.protocol.message.RequestHeader;
import io.runnel.protocol.message.ResponseHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightHandlerTest {
    private static final InetSocketAddress ADDRESS = InetSocketAddress.createUnresolved("127.0.0.1", 9);
    private static final short METADATA_V12 = 12;

    private final InFlightHandler handler = new InFlightHandler(ADDRESS, "test-client", 3);
    private final EmbeddedChannel channel = new EmbeddedChannel(new ResponseFrameDecoder(1024 * 1024), handler);

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private static PendingRequest metadataRequest(String topic, long nowNanos, long timeoutMs) {
        MetadataRequest body = new MetadataRequest().topics(List.of(new MetadataRequest.MetadataRequestTopic()
                .name(topic)));
        PendingRequest request = new PendingRequest(ApiKey.METADATA, body, (short) -1, true, false, nowNanos,
                timeoutMs, new CompletableFuture<>());
        request.version = METADATA_V12;
        return request;
    }

    /** Reads one written request frame and returns its header (the body is checked to decode too). */
    private RequestHeader readRequest() {
        ByteBuf frame = channel.readOutbound();
        try {
            int size = frame.readInt();
            assertEquals(frame.readableBytes(), size, "size prefix");
            RequestHeader header = RequestHeader.read(frame, (short) 2);
            ApiKey.forId(header.requestApiKey()).readRequest(frame, header.requestApiVersion());
            assertFalse(frame.isReadable(), "frame holds exactly header and body");
            return header;
        } finally {
            frame.release();
        }
    }

    private static ByteBuf responseFrame(int correlationId, String topic) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(0);
        new ResponseHeader().correlationId(correlationId).write(frame, (short) 1);
        new MetadataResponse().clusterId("c1").topics(List.of(new MetadataResponse.MetadataResponseTopic()
                .name(topic))).write(frame, METADATA_V12);
        frame.setInt(0, frame.writerIndex() - 4);
        return frame;
    }

    @Test
    void responseSplitAtEveryByteCompletesTheRequest() throws Exception {
        PendingRequest request = metadataRequest("orders", 0, 1000);
        handler.submit(request);
        RequestHeader header = readRequest();
        assertEquals("test-client", header.clientId());
        ByteBuf frame = responseFrame(header.correlationId(), "orders");
        try {
            while (frame.isReadable()) {
                assertFalse(request.future.isDone(), "completed before the last byte arrived");
                channel.writeInbound(frame.readRetainedSlice(1));
            }
        } finally {
            frame.release();
        }
        MetadataResponse response = (MetadataResponse) request.future.get();
        assertEquals("c1", response.clusterId());
        assertEquals("orders", response.topics().get(0).name());
    }

    @Test
    void twoResponsesInOneReadCompleteBothInOrder() throws Exception {
        PendingRequest first = metadataRequest("a", 0, 1000);
        PendingRequest second = metadataRequest("b", 0, 1000);
        handler.submit(first);
        handler.submit(second);
        int c1 = readRequest().correlationId();
        int c2 = readRequest().correlationId();
        assertEquals(c1 + 1, c2);
        channel.writeInbound(Unpooled.wrappedBuffer(responseFrame(c1, "a"), responseFrame(c2, "b")));
        assertEquals("a", ((MetadataResponse) first.future.get()).topics().get(0).name());
        assertEquals("b", ((MetadataResponse) second.future.get()).topics().get(0).name());
    }

    @Test
    void outOfOrderCorrelationIdClosesTheConnectionAndFailsEveryRequest() {
        PendingRequest first = metadataRequest("a", 0, 1000);
        PendingRequest second = metadataRequest("b", 0, 1000);
        handler.submit(first);
        handler.submit(second);
        readRequest();
        int c2 = readRequest().correlationId();
        channel.writeInbound(responseFrame(c2, "b"));
        assertFalse(channel.isOpen());
        for (PendingRequest request : List.of(first, second)) {
            ExecutionException e = assertThrows(ExecutionException.class, request.future::get);
            BrokerUnavailableException cause = assertInstanceOf(BrokerUnavailableException.class, e.getCause());
            assertTrue(cause.getMessage().contains("correlation id " + c2), cause.getMessage());
            assertTrue(cause.getMessage().contains("127.0.0.1"), cause.getMessage());
        }
    }

    @Test
    void atMostMaxInFlightAreWrittenAndTheRestGoOutInOrderAsResponsesArrive() throws Exception {
        List<PendingRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            PendingRequest request = metadataRequest("t" + i, 0, 1000);
            requests.add(request);
            handler.submit(request);
        }
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(readRequest().correlationId());
        }
        assertNull(channel.readOutbound(), "a fourth request went out with 3 in flight");
        assertEquals(5, handler.outstanding());
        channel.writeInbound(responseFrame(sent.get(0), "t0"));
        sent.add(readRequest().correlationId());
        assertNull(channel.readOutbound());
        channel.writeInbound(responseFrame(sent.get(1), "t1"));
        sent.add(readRequest().correlationId());
        for (int i = 2; i < 5; i++) {
            channel.writeInbound(responseFrame(sent.get(i), "t" + i));
        }
        for (int i = 0; i < 5; i++) {
            assertEquals("t" + i, ((MetadataResponse) requests.get(i).future.get()).topics().get(0).name());
        }
        assertEquals(List.of(0, 1, 2, 3, 4), sent);
        assertEquals(0, handler.outstanding());
    }

    @Test
    void requestWithoutResponseCompletesWhenWrittenAndTakesNoSlot() throws Exception {
        ProduceRequest produce = new ProduceRequest().acks((short) 0).timeoutMs(1000);
        PendingRequest request = new PendingRequest(ApiKey.PRODUCE, produce, (short) -1, false, false, 0, 1000,
                new CompletableFuture<>());
        request.version = 9;
        handler.submit(request);
        assertNull(request.future.get());
        assertEquals(0, handler.outstanding());
        RequestHeader header = readRequest();
        assertEquals(ApiKey.PRODUCE.id(), header.requestApiKey());
        PendingRequest next = metadataRequest("after", 0, 1000);
        handler.submit(next);
        int correlationId = readRequest().correlationId();
        channel.writeInbound(responseFrame(correlationId, "after"));
        assertEquals("after", ((MetadataResponse) next.future.get()).topics().get(0).name());
    }

    @Test
    void expiredInFlightRequestTimesOutAndClosesTheConnection() {
        long now = 1_000_000_000L;
        PendingRequest slow = metadataRequest("slow", now, 100);
        PendingRequest other = metadataRequest("other", now, 10_000);
        handler.submit(slow);
        handler.submit(other);
        handler.expire(now + 99_000_000L);
        assertFalse(slow.future.isDone());
        handler.expire(now + 100_000_000L);
        ExecutionException timeout = assertThrows(ExecutionException.class, slow.future::get);
        assertInstanceOf(RunnelTimeoutException.class, timeout.getCause());
        assertTrue(timeout.getCause().getMessage().contains("100 ms"), timeout.getCause().getMessage());
        ExecutionException dropped = assertThrows(ExecutionException.class, other.future::get);
        assertInstanceOf(BrokerUnavailableException.class, dropped.getCause());
        assertFalse(channel.isOpen());
    }

    @Test
    void expiredWaitingRequestFailsAloneAndTheConnectionStays() {
        long now = 0;
        for (int i = 0; i < 3; i++) {
            handler.submit(metadataRequest("busy" + i, now, 10_000));
        }
        PendingRequest queued = metadataRequest("queued", now, 50);
        handler.submit(queued);
        handler.expire(now + 60_000_000L);
        ExecutionException e = assertThrows(ExecutionException.class, queued.future::get);
        assertInstanceOf(RunnelTimeoutException.class, e.getCause());
        assertTrue(channel.isOpen());
        assertEquals(3, handler.outstanding());
    }

    @Test
    void brokerClosingTheConnectionFailsInFlightAndQueuedWithTheAddress() {
        List<PendingRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PendingRequest request = metadataRequest("t" + i, 0, 1000);
            requests.add(request);
            handler.submit(request);
        }
        channel.close();
        for (PendingRequest request : requests) {
            ExecutionException e = assertThrows(ExecutionException.class, request.future::get);
            BrokerUnavailableException cause = assertInstanceOf(BrokerUnavailableException.class, e.getCause());
            assertEquals(ADDRESS, cause.address());
        }
        PendingRequest late = metadataRequest("late", 0, 1000);
        handler.submit(late);
        assertInstanceOf(RunnelException.class, assertThrows(ExecutionException.class, late.future::get).getCause());
    }

    @Test
    void oversizedFrameClosesTheConnection() {
        PendingRequest request = metadataRequest("a", 0, 1000);
        handler.submit(request);
        readRequest();
        ByteBuf huge = Unpooled.buffer().writeInt(2 * 1024 * 1024).writeInt(0);
        channel.writeInbound(huge);
        ExecutionException e = assertThrows(ExecutionException.class, request.future::get);
        assertTrue(e.getCause().getMessage().contains("exceeds the limit"), e.getCause().getMessage());
        assertFalse(channel.isOpen());
    }

    @Test
    void undecodableBodyFailsThatRequestOnly() throws Exception {
        PendingRequest bad = metadataRequest("bad", 0, 1000);
        PendingRequest good = metadataRequest("good", 0, 1000);
        handler.submit(bad);
        handler.submit(good);
        int c1 = readRequest().correlationId();
        int c2 = readRequest().correlationId();
        ByteBuf truncated = Unpooled.buffer().writeInt(6).writeInt(c1).writeByte(0).writeByte(0x7f);
        channel.writeInbound(truncated);
        ExecutionException e = assertThrows(ExecutionException.class, bad.future::get);
        assertTrue(e.getCause().getMessage().startsWith("undecodable Metadata v12 response"),
                e.getCause().getMessage());
        channel.writeInbound(responseFrame(c2, "good"));
        ApiMessage response = (ApiMessage) good.future.get();
        assertEquals("good", ((MetadataResponse) response).topics().get(0).name());
    }
}
