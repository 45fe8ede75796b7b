package io.runnel.client.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ApiVersionsResponse;
import io.runnel.protocol.message.MetadataRequest;
import io.runnel.protocol.message.MetadataResponse;
import io.runnel.protocol.message.RequestHeader;
import io.runnel.protocol.message.ResponseHeader;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ApiVersions exchange against a scripted broker that does not know the client's ApiVersions version (it
 * answers UNSUPPORTED_VERSION in the v0 format, as Kafka does) and tops out below the client on Metadata.
 */
class VersionNegotiationTest {
    /** Reads one request frame's header; the body is skipped. */
    private static RequestHeader readHeader(DataInputStream in) throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        short key = buf.getShort(0);
        short version = buf.getShort(2);
        return RequestHeader.read(buf, ApiKey.forId(key).requestHeaderVersion(version));
    }

    private static void respond(OutputStream out, int correlationId, short headerVersion, ApiMessage body,
                                short version) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(0);
        new ResponseHeader().correlationId(correlationId).write(buf, headerVersion);
        body.write(buf, version);
        buf.setInt(0, buf.writerIndex() - 4);
        out.write(buf.array(), buf.arrayOffset(), buf.writerIndex());
        out.flush();
    }

    @Test
    void retriesApiVersionsLowerAndCapsEachApiAtTheBrokersMaximum() throws Exception {
        List<RequestHeader> seen = new ArrayList<>();
        // The scripted broker keeps the socket open until the client was inspected: a close would drop the
        // connection, and with it the negotiated versions, before the assertion reads them.
        CountDownLatch inspected = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(30_000);
            CompletableFuture<Void> broker = CompletableFuture.runAsync(() -> {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(30_000);
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    RequestHeader first = readHeader(in);
                    seen.add(first);
                    respond(out, first.correlationId(), (short) 0, new ApiVersionsResponse()
                            .errorCode(ErrorCode.UNSUPPORTED_VERSION.code()).apiKeys(List.of(
                                    new ApiVersionsResponse.ApiVersion().apiKey(ApiKey.API_VERSIONS.id())
                                            .minVersion((short) 0).maxVersion((short) 2))), (short) 0);
                    RequestHeader second = readHeader(in);
                    seen.add(second);
                    respond(out, second.correlationId(), (short) 0, new ApiVersionsResponse().apiKeys(List.of(
                            new ApiVersionsResponse.ApiVersion().apiKey(ApiKey.API_VERSIONS.id())
                                    .minVersion((short) 0).maxVersion((short) 2),
                            new ApiVersionsResponse.ApiVersion().apiKey(ApiKey.METADATA.id())
                                    .minVersion((short) 0).maxVersion((short) 8))), second.requestApiVersion());
                    RequestHeader third = readHeader(in);
                    seen.add(third);
                    respond(out, third.correlationId(), (short) 0, new MetadataResponse().clusterId("scripted"),
                            third.requestApiVersion());
                    inspected.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("scripted broker interrupted", e);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ClientNetworkConfig config = ClientNetworkConfig.builder("127.0.0.1:" + server.getLocalPort())
                    .clientId("negotiation-test").requestTimeout(Duration.ofSeconds(20)).build();
            try (ClientNetwork network = new ClientNetwork(config)) {
                MetadataResponse response = network.<MetadataResponse>send(-1, new MetadataRequest()
                        .topics(List.of()), (short) -1).get(30, TimeUnit.SECONDS);
                assertEquals("scripted", response.clusterId());
                short negotiated = network.negotiatedVersion(-1, ApiKey.METADATA);
                inspected.countDown();
                assertEquals(8, negotiated);
            }
            broker.get(30, TimeUnit.SECONDS);
        }
        assertEquals(ApiKey.API_VERSIONS.id(), seen.get(0).requestApiKey());
        assertEquals(ApiKey.API_VERSIONS.highestVersion(), seen.get(0).requestApiVersion());
        assertEquals(2, seen.get(1).requestApiVersion(), "second ApiVersions at the broker's highest");
        assertEquals(ApiKey.METADATA.id(), seen.get(2).requestApiKey());
        assertEquals(8, seen.get(2).requestApiVersion(), "Metadata at the broker's highest");
        assertEquals("negotiation-test", seen.get(2).clientId());
    }
}
