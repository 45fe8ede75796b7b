package io.runnel.broker.network;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.RawConnection;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ListPartitionReassignmentsRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/** Bad input against the real broker socket: the connection is closed or answered, the broker never dies. */
class BadInputTest {
    private static final int MAX_FRAME = 1024;
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start(Map.of(
                "socket.request.max.bytes", Integer.toString(MAX_FRAME),
                "num.network.threads", "1",
                "max.connections", "20"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {MAX_FRAME + 1, Integer.MAX_VALUE, -1, Integer.MIN_VALUE})
    void aFrameSizeAboveTheLimitOrNegativeClosesTheConnectionAtOnce(int size) throws IOException {
        try (RawConnection connection = connect()) {
            // Only the size is sent: the broker must not wait for (or allocate) the body.
            connection.write(ByteBuffer.allocate(4).putInt(size).array());
            assertTrue(connection.closedByPeer());
        }
        assertHealthy();
    }

    @Test
    void aFrameAtTheLimitIsRead() throws IOException {
        byte[] request = RawConnection.apiVersionsFrame((short) 3, 9);
        byte[] padded = Arrays.copyOf(request, 4 + MAX_FRAME);
        // Same request, padded with trailing bytes up to exactly the limit.
        ByteBuffer.wrap(padded).putInt(MAX_FRAME);
        try (RawConnection connection = connect()) {
            connection.write(padded);
            assertEquals(Errors.NONE.code(), connection.readApiVersions((short) 3, 9).data().errorCode());
        }
    }

    @Test
    void aStalledHalfFrameDoesNotHoldUpOtherClients() throws IOException {
        byte[] request = RawConnection.apiVersionsFrame((short) 3, 1);
        try (RawConnection stalled = connect(); RawConnection other = connect()) {
            stalled.write(Arrays.copyOf(request, request.length / 2));
            for (int i = 0; i < 3; i++) {
                other.write(RawConnection.apiVersionsFrame((short) 3, 100 + i));
                assertEquals(Errors.NONE.code(), other.readApiVersions((short) 3, 100 + i).data().errorCode());
            }
            stalled.readTimeout(200);
            assertThrows(SocketTimeoutException.class, stalled::readFrame, "the half frame is still waiting");
            stalled.readTimeout(10_000);
            stalled.write(Arrays.copyOfRange(request, request.length / 2, request.length));
            assertEquals(Errors.NONE.code(), stalled.readApiVersions((short) 3, 1).data().errorCode());
        }
    }

    @Test
    void unknownApiKeysCloseTheConnection() throws IOException {
        for (short apiKey : new short[] {4, 999, -1, Short.MAX_VALUE}) {
            assertClosedBy(header(apiKey, (short) 0, 1));
        }
        assertHealthy();
    }

    @Test
    void anApiTheBrokerDoesNotServeClosesTheConnection() throws IOException {
        // Runnel has no partition reassignment (one node): the API is not served.
        assertClosedBy(RawConnection.frame(new ListPartitionReassignmentsRequest.Builder(
                new ListPartitionReassignmentsRequestData()).build((short) 0), 1));
    }

    @Test
    void anUnsupportedVersionOfAServedApiClosesTheConnection() throws IOException {
        assertClosedBy(header((short) 18, (short) -1, 1));
    }

    @Test
    void framesTooShortForAHeaderCloseTheConnection() throws IOException {
        assertClosedBy(RawConnection.withSize(new byte[0]));
        assertClosedBy(RawConnection.withSize(new byte[] {0, 18, 0, 0, 0, 0, 0}));
    }

    @Test
    void anUndecodableHeaderClosesTheConnection() throws IOException {
        // ApiVersions v1 with a client id claiming 500 bytes in a frame that has 2.
        ByteBuffer payload = ByteBuffer.allocate(12).putShort((short) 18).putShort((short) 1).putInt(7)
                .putShort((short) 500).put((byte) 'a').put((byte) 'b');
        assertClosedBy(RawConnection.withSize(payload.array()));
    }

    @Test
    void anUndecodableBodyIsAnsweredWithInvalidRequestAndTheConnectionStaysUsable() throws IOException {
        // ApiVersions v3: a valid header v2, then a compact string whose length runs past the frame.
        ByteBuffer payload = ByteBuffer.allocate(64).putShort((short) 18).putShort((short) 3).putInt(77);
        byte[] clientId = "bad-body".getBytes(StandardCharsets.UTF_8);
        payload.putShort((short) clientId.length).put(clientId).put((byte) 0);
        payload.put(new byte[] {(byte) 0xff, (byte) 0x7f, 'x'});
        try (RawConnection connection = connect()) {
            connection.write(RawConnection.withSize(Arrays.copyOf(payload.array(), payload.position())));
            ApiVersionsResponse response = connection.readApiVersions((short) 3, 77);
            assertEquals(Errors.INVALID_REQUEST.code(), response.data().errorCode());
            connection.write(RawConnection.apiVersionsFrame((short) 3, 78));
            assertEquals(Errors.NONE.code(), connection.readApiVersions((short) 3, 78).data().errorCode());
        }
    }

    @Test
    void randomFramesNeverTakeTheBrokerDown() throws IOException {
        Random random = new Random(20261125L);
        for (int i = 0; i < 200; i++) {
            byte[] payload = new byte[random.nextInt(64)];
            random.nextBytes(payload);
            if (payload.length >= 4 && random.nextBoolean()) {
                // Mostly ApiVersions, so the decoder gets past the API key and version checks.
                ByteBuffer.wrap(payload).putShort((short) 18).putShort((short) random.nextInt(6));
            }
            try (RawConnection connection = connect()) {
                connection.write(RawConnection.withSize(payload));
                connection.write(RawConnection.apiVersionsFrame((short) 0, 1));
                // Either answered (possibly with an error) or closed; never a hang.
                try {
                    connection.readFrame();
                } catch (IOException closed) {
                    assertTrue(closed.getMessage() == null || !closed.getMessage().contains("timed out"),
                            "frame " + i + " hung the connection: " + closed);
                }
            }
        }
        assertHealthy();
    }

    @Test
    void connectionsBeyondMaxConnectionsAreClosed() throws IOException {
        try (EmbeddedBroker small = EmbeddedBroker.start(Map.of("max.connections", "2"));
             RawConnection first = new RawConnection("127.0.0.1", small.port())) {
            try (RawConnection second = new RawConnection("127.0.0.1", small.port())) {
                for (RawConnection connection : new RawConnection[] {first, second}) {
                    connection.write(RawConnection.apiVersionsFrame((short) 0, 1));
                    connection.readApiVersions((short) 0, 1);
                }
                try (RawConnection third = new RawConnection("127.0.0.1", small.port())) {
                    assertTrue(third.closedByPeer());
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> small.broker().openConnections() == 1);
            try (RawConnection fourth = new RawConnection("127.0.0.1", small.port())) {
                fourth.write(RawConnection.apiVersionsFrame((short) 0, 2));
                assertEquals(Errors.NONE.code(), fourth.readApiVersions((short) 0, 2).data().errorCode());
            }
        }
    }

    @Test
    void idleConnectionsAreClosed() throws IOException {
        try (EmbeddedBroker idle = EmbeddedBroker.start(Map.of("connections.max.idle.ms", "200"));
             RawConnection connection = new RawConnection("127.0.0.1", idle.port())) {
            connection.write(RawConnection.apiVersionsFrame((short) 0, 1));
            connection.readApiVersions((short) 0, 1);
            long start = System.nanoTime();
            assertTrue(connection.closedByPeer());
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= 100, "closed after " + waitedMillis + " ms, before being idle");
        }
    }

    private static RawConnection connect() throws IOException {
        return new RawConnection("127.0.0.1", broker.port());
    }

    /** A frame holding only the first 8 header bytes: api key, version, correlation id. */
    private static byte[] header(short apiKey, short version, int correlationId) {
        return RawConnection.withSize(ByteBuffer.allocate(8).putShort(apiKey).putShort(version)
                .putInt(correlationId).array());
    }

    private static void assertClosedBy(byte[] frame) throws IOException {
        try (RawConnection connection = connect()) {
            connection.write(frame);
            assertTrue(connection.closedByPeer());
        }
    }

    private static void assertHealthy() throws IOException {
        try (RawConnection connection = connect()) {
            connection.write(RawConnection.apiVersionsFrame((short) 3, 1));
            assertEquals(Errors.NONE.code(), connection.readApiVersions((short) 3, 1).data().errorCode());
        }
    }
}
