package io.runnel.broker.network;

import static io.runnel.broker.network.PipeliningTest.assertAnswers;
import static io.runnel.broker.network.PipeliningTest.frames;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.broker.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

/** Past its in-flight limit a connection is not read until responses drain; other connections carry on. */
class InFlightLimitTest {
    @Test
    void readingPausesAtTheRequestLimitAndResumesWhenResponsesDrain() throws IOException {
        NetworkSettings settings = new NetworkSettings(1, 100, 1 << 20, 1 << 20, 2, 0);
        assertPausesAfterTwo(settings);
    }

    @Test
    void readingPausesAtTheByteLimitAndResumesWhenResponsesDrain() throws IOException {
        int frameBytes = RawConnection.apiVersionsFrame((short) 1, 1).length - 4;
        // Two requests exceed the limit, one does not.
        NetworkSettings settings = new NetworkSettings(1, 100, 1 << 20, frameBytes + 1, 1000, 0);
        assertPausesAfterTwo(settings);
    }

    private static void assertPausesAfterTwo(NetworkSettings settings) throws IOException {
        GatedHandler handler = new GatedHandler();
        try (TestServer server = TestServer.start(handler, settings, Transport.best());
             RawConnection connection = server.connect();
             RawConnection other = server.connect()) {
            connection.write(frames(1, 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.received() == 2);
            // The limit is reached: these stay in the socket until responses drain.
            connection.write(frames(3, 5));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> handler.received() == 2);

            // Another connection is not affected.
            other.write(frames(100, 100));
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.received() == 3);
            handler.release(100);
            assertAnswers(other, 100);

            handler.openGate();
            for (int correlationId = 1; correlationId <= 5; correlationId++) {
                assertAnswers(connection, correlationId);
            }
            assertEquals(6, handler.received());
        }
    }
}
