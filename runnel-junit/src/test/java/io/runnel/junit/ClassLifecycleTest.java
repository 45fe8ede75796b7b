package io.runnel.junit;

import io.runnel.broker.EmbeddedBroker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One broker per class: shared by the class's methods and nested classes, new for the next class, gone after. */
class ClassLifecycleTest {
    /** What each fixture test saw: its class, the address, the broker's port and directory. */
    record Sighting(String fixture, String bootstrap, int port, Path dataDir) {
    }

    private static final List<Sighting> SIGHTINGS = new CopyOnWriteArrayList<>();
    /** Whether, when the second class started, the first class's broker was already stopped and deleted. */
    private static final List<Boolean> FIRST_GONE_WHEN_SECOND_STARTS = new CopyOnWriteArrayList<>();

    @Test
    void eachClassGetsItsOwnBrokerWhichIsStoppedAndDeletedAfterTheClass() throws IOException {
        SIGHTINGS.clear();
        FIRST_GONE_WHEN_SECOND_STARTS.clear();

        EngineExecutionResults results = FixtureRunner.run(Map.of(), FirstClass.class, SecondClass.class);

        results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(5));
        assertEquals(5, SIGHTINGS.size(), SIGHTINGS.toString());
        List<Sighting> first = SIGHTINGS.stream().filter(s -> !s.fixture().equals("second")).toList();
        List<Sighting> second = SIGHTINGS.stream().filter(s -> s.fixture().equals("second")).toList();
        assertEquals(3, first.size(), first.toString());
        assertEquals(2, second.size(), second.toString());
        for (Sighting s : first) {
            assertEquals(first.get(0).bootstrap(), s.bootstrap(), "methods and nested class of one class");
            assertEquals(first.get(0).dataDir(), s.dataDir());
        }
        assertEquals(second.get(0), new Sighting("second", second.get(1).bootstrap(), second.get(1).port(),
                second.get(1).dataDir()));
        // Not the port: the system may hand the freed one out again.
        assertNotEquals(first.get(0).dataDir(), second.get(0).dataDir());

        assertEquals(List.of(true), FIRST_GONE_WHEN_SECOND_STARTS);
        for (Sighting s : List.of(first.get(0), second.get(0))) {
            assertTrue(refusesConnections(s.port()), "port " + s.port() + " still accepts connections");
            assertFalse(Files.exists(s.dataDir()), s.dataDir() + " still exists");
        }
    }

    private static void record(String fixture, String bootstrap, EmbeddedBroker broker) throws IOException {
        assertFalse(refusesConnections(broker.port()), "the broker must be live during the test");
        assertTrue(Files.isDirectory(broker.dataDir()));
        SIGHTINGS.add(new Sighting(fixture, bootstrap, broker.port(), broker.dataDir()));
    }

    private static boolean refusesConnections(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return false;
        } catch (ConnectException refused) {
            return true;
        }
    }

    @Order(1)
    @ExtendWith(RunnelBrokerExtension.class)
    static class FirstClass {
        @Test
        void one(@RunnelBootstrap String bootstrap, EmbeddedBroker broker) throws IOException {
            record("first", bootstrap, broker);
        }

        @Test
        void two(@RunnelBootstrap String bootstrap, EmbeddedBroker broker) throws IOException {
            record("first", bootstrap, broker);
        }

        @Nested
        class Inner {
            @Test
            void three(@RunnelBootstrap String bootstrap, EmbeddedBroker broker) throws IOException {
                record("first-nested", bootstrap, broker);
            }
        }
    }

    /** Registered before the extension, so it looks before the second class's broker starts. */
    static final class FirstBrokerGoneCheck implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            Sighting first = SIGHTINGS.get(0);
            FIRST_GONE_WHEN_SECOND_STARTS.add(refusesConnections(first.port()) && !Files.exists(first.dataDir()));
        }
    }

    @Order(2)
    @ExtendWith({FirstBrokerGoneCheck.class, RunnelBrokerExtension.class})
    static class SecondClass {
        @RepeatedTest(2)
        void twice(@RunnelBootstrap String bootstrap, EmbeddedBroker broker) throws IOException {
            record("second", bootstrap, broker);
        }
    }
}
