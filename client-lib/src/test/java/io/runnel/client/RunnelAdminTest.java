package io.runnel.client;

import io.runnel.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RunnelAdmin cases that need control over the broker (down, restarted), so Runnel only. */
class RunnelAdminTest {
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void brokerDownFailsWithinTheApiTimeoutNamingTheAddress() throws Exception {
        int port = deadPort();
        try (RunnelAdmin admin = RunnelAdmin.builder().bootstrap("127.0.0.1:" + port)
                .apiTimeout(Duration.ofMillis(1500)).build()) {
            RunnelTimeoutException e = assertThrows(RunnelTimeoutException.class, admin::listTopics);
            assertTrue(e.getMessage().contains("within 1500 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
            assertInstanceOf(BrokerUnavailableException.class, e.getCause());
        }
    }

    @Test
    void asyncFormsCompleteWithTheSameResultsAsTheSyncOnes() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
             RunnelAdmin admin = RunnelAdmin.create(broker.bootstrapServers())) {
            CompletableFuture<Void> created = admin.createTopicAsync("async-topic", 2, Map.of());
            created.get(30, TimeUnit.SECONDS);
            Set<String> topics = admin.listTopicsAsync().get(30, TimeUnit.SECONDS);
            assertEquals(Set.of("async-topic"), topics);
            assertEquals(2, admin.describeTopicAsync("async-topic").get(30, TimeUnit.SECONDS).partitions().size());
        }
    }

    @Test
    void operationsSurviveABrokerRestartOnTheSamePort() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start();
        int port = broker.port();
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("admin-restart");
        broker.close();
        broker = EmbeddedBroker.builder().port(port).dataDir(data).start();
        try (RunnelAdmin admin = RunnelAdmin.create("127.0.0.1:" + port)) {
            admin.createTopic("before-restart", 1);
            broker.close();
            broker = EmbeddedBroker.builder().port(port).dataDir(data).start();
            assertTrue(admin.listTopics().contains("before-restart"));
            admin.createTopic("after-restart", 1);
            assertEquals(Set.of("before-restart", "after-restart"), admin.listTopics());
        } finally {
            broker.close();
            try (var files = java.nio.file.Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void builderRejectsAMissingOrMalformedBootstrap() {
        assertThrows(IllegalArgumentException.class, () -> RunnelAdmin.builder().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunnelAdmin.create("localhost"));
        assertTrue(e.getMessage().contains("host:port"), e.getMessage());
    }
}
