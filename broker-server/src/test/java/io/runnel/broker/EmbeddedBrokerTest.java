package io.runnel.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.ConfigException;
import io.runnel.broker.testing.RawConnection;
import io.runnel.broker.testing.Threads;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class EmbeddedBrokerTest {
    @Test
    void startsOnAFreePortAndLeavesNoThreadOrFileBehind() throws IOException {
        Path dataDir;
        long startNanos = System.nanoTime();
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            long startMillis = (System.nanoTime() - startNanos) / 1_000_000;
            System.out.println("EmbeddedBroker.start() took " + startMillis + " ms");
            dataDir = broker.dataDir();
            assertTrue(Files.isDirectory(dataDir));
            assertTrue(broker.port() > 0);
            assertEquals("127.0.0.1:" + broker.port(), broker.bootstrapServers());
            assertFalse(Threads.brokerThreads().isEmpty(), "the broker runs on its own threads");
            try (RawConnection connection = new RawConnection("127.0.0.1", broker.port())) {
                connection.write(RawConnection.apiVersionsFrame((short) 3, 1));
                assertEquals(Errors.NONE.code(), connection.readApiVersions((short) 3, 1).data().errorCode());
            }
        }
        assertEquals(List.of(), Threads.brokerThreads());
        assertFalse(Files.exists(dataDir), "the temporary data directory is deleted");
    }

    @Test
    void everyBrokerThreadIsNamedForItsRoleAndTheNetworkAndFetchThreadsAreAmongThem() throws IOException {
        try (EmbeddedBroker broker = EmbeddedBroker.start(Map.of("num.network.threads", "1"));
             RawConnection connection = new RawConnection("127.0.0.1", broker.port())) {
            connection.write(RawConnection.apiVersionsFrame((short) 3, 1));
            assertEquals(Errors.NONE.code(), connection.readApiVersions((short) 3, 1).data().errorCode());
            List<String> threads = Threads.brokerThreads();
            for (String name : threads) {
                // runnel-<role>, or runnel-<role>-<n> in a pool: docs/architecture.md lists them by these names.
                assertTrue(name.matches("runnel-[a-z]+(-[a-z]+)*(-[0-9]+)?"), name + " in " + threads);
            }
            assertTrue(threads.containsAll(List.of("runnel-accept", "runnel-network-0", "runnel-fetch-timer",
                    "runnel-producer-ids")), threads.toString());
        }
        assertEquals(List.of(), Threads.brokerThreads());
    }

    @Test
    void closingWithOpenClientConnectionsStillStopsEverything() throws IOException {
        EmbeddedBroker broker = EmbeddedBroker.start();
        try (RawConnection connection = new RawConnection("127.0.0.1", broker.port())) {
            connection.write(RawConnection.apiVersionsFrame((short) 0, 1));
            connection.readApiVersions((short) 0, 1);
            broker.close();
            assertTrue(connection.closedByPeer());
        }
        assertEquals(List.of(), Threads.brokerThreads());
    }

    @Test
    void givenDirectoryIsUsedAndKept(@TempDir Path tmp) {
        Path dir = tmp.resolve("data");
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dir).config("num.partitions", "3").start()) {
            assertEquals(dir.toAbsolutePath(), broker.dataDir());
            assertEquals(3, broker.broker().config().get(BrokerConfig.NUM_PARTITIONS));
        }
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void aDataDirectoryServesOneBrokerAtATime(@TempDir Path dir) {
        try (EmbeddedBroker first = EmbeddedBroker.builder().dataDir(dir).start()) {
            BrokerStartException e = assertThrows(BrokerStartException.class,
                    () -> EmbeddedBroker.builder().dataDir(dir).start());
            assertEquals("Data directory " + dir.toAbsolutePath() + " is in use by another broker", e.getMessage());
            assertNotEquals(0, first.port());
        }
        // Released on close: the next broker gets it.
        try (EmbeddedBroker again = EmbeddedBroker.builder().dataDir(dir).start()) {
            assertEquals(dir.toAbsolutePath(), again.dataDir());
        }
    }

    @Test
    void aTakenPortFailsCleanlyAndReleasesEverything(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            BrokerStartException e = assertThrows(BrokerStartException.class,
                    () -> EmbeddedBroker.builder().dataDir(dir).port(taken.getLocalPort()).start());
            assertTrue(e.getMessage().startsWith("Cannot listen on PLAINTEXT://127.0.0.1:" + taken.getLocalPort() + ": "),
                    e.getMessage());
        }
        assertEquals(List.of(), Threads.brokerThreads());
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dir).start()) {
            assertTrue(broker.port() > 0, "the data directory lock was released");
        }
    }

    @Test
    void badConfigurationIsRejectedBeforeAnythingStarts() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> EmbeddedBroker.start(Map.of("max.connections", "0")));
        assertEquals("Invalid configuration: max.connections=0 (must be at least 1)", e.getMessage());
        assertEquals(List.of(), Threads.brokerThreads());
    }

    @Test
    void twoBrokersRunSideBySide() {
        try (EmbeddedBroker a = EmbeddedBroker.start(); EmbeddedBroker b = EmbeddedBroker.start()) {
            assertNotEquals(a.port(), b.port());
            assertNotEquals(a.dataDir(), b.dataDir());
        }
    }
}
