package io.runnel.broker.network;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runnel.broker.testing.RawConnection;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Responses leave in request order, whatever order the handlers finish in. */
class PipeliningTest {
    private static final short V1 = 1;

    @ParameterizedTest
    @EnumSource(Transport.class)
    void laterRequestsFinishingFirstWaitForEarlierOnes(Transport transport) throws IOException {
        GatedHandler handler = new GatedHandler();
        try (TestServer server = TestServer.start(handler, TestServer.SETTINGS, transport);
             RawConnection connection = server.connect()) {
            connection.write(frames(1, 5));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.received() == 5);
            for (int correlationId = 5; correlationId >= 2; correlationId--) {
                handler.release(correlationId);
            }
            connection.readTimeout(300);
            assertThrows(SocketTimeoutException.class, connection::readFrame,
                    "nothing may be sent while the first request is unanswered");
            connection.readTimeout(10_000);
            handler.release(1);
            for (int correlationId = 1; correlationId <= 5; correlationId++) {
                assertAnswers(connection, correlationId);
            }
        }
    }

    @Test
    void aRequestWithoutResponseIsSkippedAndTheNextResponseIsTheNextRequests() throws IOException {
        GatedHandler handler = new GatedHandler();
        try (TestServer server = TestServer.start(handler); RawConnection connection = server.connect()) {
            connection.write(frames(1, 4));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.received() == 4);
            handler.release(4);
            handler.releaseWithoutResponse(2);
            handler.release(3);
            handler.releaseWithoutResponse(1);
            assertAnswers(connection, 3);
            assertAnswers(connection, 4);
            handler.openGate();
            connection.write(frames(5, 5));
            assertAnswers(connection, 5);
        }
    }

    @Test
    void manyRequestsCompletedFromManyThreadsInRandomOrderAreAnsweredInOrder() throws Exception {
        int count = 300;
        GatedHandler handler = new GatedHandler();
        ExecutorService completers = Executors.newFixedThreadPool(4);
        try (TestServer server = TestServer.start(handler); RawConnection connection = server.connect()) {
            connection.write(frames(1, count));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.received() == count);
            List<Integer> order = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(42));
            for (int correlationId : order) {
                completers.execute(() -> handler.release(correlationId));
            }
            for (int correlationId = 1; correlationId <= count; correlationId++) {
                assertAnswers(connection, correlationId);
            }
        } finally {
            completers.shutdown();
            assertEquals(true, completers.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFailedHandlerIsAnsweredWithUnknownServerErrorInItsTurn() throws IOException {
        GatedHandler handler = new GatedHandler();
        try (TestServer server = TestServer.start(handler); RawConnection connection = server.connect()) {
            connection.write(frames(1, 3));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.received() == 3);
            handler.release(3);
            handler.fail(2, new IllegalStateException("simulated handler bug"));
            handler.release(1);
            assertAnswers(connection, 1);
            ApiVersionsResponse failed = connection.readApiVersions(V1, 2);
            assertEquals(Errors.UNKNOWN_SERVER_ERROR.code(), failed.data().errorCode());
            assertEquals(2, failed.throttleTimeMs());
            assertAnswers(connection, 3);
        }
    }

    @Test
    void connectionsAreIndependent() throws IOException {
        GatedHandler handler = new GatedHandler();
        try (TestServer server = TestServer.start(handler);
             RawConnection slow = server.connect();
             RawConnection fast = server.connect()) {
            slow.write(frames(1, 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.received() == 1);
            fast.write(frames(2, 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.received() == 2);
            handler.release(2);
            assertAnswers(fast, 2);
            handler.release(1);
            assertAnswers(slow, 1);
        }
    }

    /** ApiVersions v1 requests with consecutive correlation ids, to be written in one go. */
    static byte[] frames(int firstCorrelationId, int lastCorrelationId) {
        List<byte[]> frames = new ArrayList<>();
        for (int id = firstCorrelationId; id <= lastCorrelationId; id++) {
            frames.add(RawConnection.apiVersionsFrame(V1, id));
        }
        return RawConnection.concat(frames.toArray(new byte[0][]));
    }

    static void assertAnswers(RawConnection connection, int correlationId) throws IOException {
        ApiVersionsResponse response = connection.readApiVersions(V1, correlationId);
        assertEquals(Errors.NONE.code(), response.data().errorCode());
        assertEquals(correlationId, response.throttleTimeMs(), "the body belongs to the request it answers");
    }
}
