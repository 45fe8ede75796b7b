package io.runnel.broker.network;

import static io.runnel.broker.network.PipeliningTest.assertAnswers;
import static io.runnel.broker.network.PipeliningTest.frames;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.broker.config.Listener;
import io.runnel.broker.testing.RawConnection;
import io.runnel.broker.testing.Threads;
import io.runnel.protocol.ApiKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Stopping the server: no new connections, in-flight requests answered, then everything closed. */
class GracefulShutdownTest {
    @Test
    void inFlightRequestsAreAnsweredBeforeConnectionsClose() throws Exception {
        GatedHandler handler = new GatedHandler();
        NetworkServer server = server(handler);
        int port = server.start(new Listener("127.0.0.1", 0)).getPort();
        try (RawConnection connection = new RawConnection("127.0.0.1", port)) {
            connection.write(frames(1, 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.received() == 2);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> server.close(10_000));
            await().atMost(Duration.ofSeconds(10)).until(() -> refusesConnections(port));
            assertFalse(closing.isDone(), "close waits for the requests in flight");

            handler.release(2);
            handler.release(1);
            assertAnswers(connection, 1);
            assertAnswers(connection, 2);
            assertTrue(connection.closedByPeer());
            closing.get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), Threads.brokerThreads());
    }

    @Test
    void requestsThatNeverFinishAreCutOffAtTheTimeout() throws Exception {
        GatedHandler handler = new GatedHandler();
        NetworkServer server = server(handler);
        int port = server.start(new Listener("127.0.0.1", 0)).getPort();
        try (RawConnection connection = new RawConnection("127.0.0.1", port)) {
            connection.write(frames(1, 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.received() == 1);
            long start = System.nanoTime();
            server.close(300);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= 250 && tookMillis < 10_000, "close took " + tookMillis + " ms");
            assertTrue(connection.closedByPeer());
        }
        // The handler finishes after the server is gone: its request buffer must still be freed (leak check).
        handler.openGate();
        assertEquals(List.of(), Threads.brokerThreads());
    }

    private static NetworkServer server(GatedHandler handler) {
        ApiHandlers handlers = ApiHandlers.builder().register(ApiKey.API_VERSIONS, handler).build();
        return new NetworkServer(handlers, TestServer.SETTINGS, Transport.best());
    }

    /** True once the listening socket is gone; a connection that is still accepted does not count. */
    private static boolean refusesConnections(int port) throws IOException {
        Socket probe = new Socket();
        try {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return false;
        } catch (ConnectException refused) {
            return true;
        } finally {
            probe.close();
        }
    }
}
