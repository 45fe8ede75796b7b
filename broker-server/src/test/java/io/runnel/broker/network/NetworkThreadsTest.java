package io.runnel.broker.network;

import static io.runnel.broker.network.PipeliningTest.assertAnswers;
import static io.runnel.broker.network.PipeliningTest.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.broker.testing.RawConnection;
import io.runnel.broker.testing.Threads;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Which threads the network layer runs: named like every broker thread, handlers on them, none left after close. */
class NetworkThreadsTest {
    @Test
    void handlersRunOnTheNamedEventLoopOfTheirConnectionAndCloseStopsEveryThread() throws Exception {
        Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
        ApiHandler recording = (context, request) -> {
            handlerThreads.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(GatedHandler.answer(context.correlationId()));
        };
        NetworkSettings twoLoops = new NetworkSettings(2, 100, 1 << 20, 1 << 20, 1000, 0);
        try (TestServer server = TestServer.start(recording, twoLoops, Transport.best());
             RawConnection first = server.connect();
             RawConnection second = server.connect()) {
            first.write(frames(1, 1));
            assertAnswers(first, 1);
            second.write(frames(2, 2));
            assertAnswers(second, 2);
            // Netty hands connections to its event loops in turn.
            assertEquals(Set.of("runnel-network-0", "runnel-network-1"), handlerThreads);
            List<String> running = Threads.brokerThreads();
            assertTrue(running.containsAll(List.of("runnel-accept", "runnel-network-0", "runnel-network-1")),
                    running.toString());
        }
        assertEquals(List.of(), Threads.brokerThreads());
    }
}
