package io.runnel.broker.http;

import io.runnel.broker.BrokerStartException;
import io.runnel.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code http.listener}: a given port, {@code none}, and a port that is taken. */
class HttpListenerConfigTest {

    @Test
    void noneStartsNoEndpoint() {
        try (EmbeddedBroker broker = EmbeddedBroker.start(Map.of("http.listener", "none"))) {
            assertNull(broker.httpUrl());
            assertNull(broker.broker().httpAddress());
        }
    }

    @Test
    void aTakenPortStopsStartUpNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BrokerStartException failure = assertThrows(BrokerStartException.class, () -> EmbeddedBroker.start(
                    Map.of("http.listener", "127.0.0.1:" + taken.getLocalPort())));
            assertTrue(failure.getMessage().startsWith("Cannot listen on http.listener=127.0.0.1:"
                    + taken.getLocalPort()), failure.getMessage());
        }
    }

    @Test
    void listensWhereConfigured() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(Map.of("http.listener", "127.0.0.1:" + port))) {
            assertEquals("http://127.0.0.1:" + port, broker.httpUrl());
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(broker.httpUrl() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        }
    }
}
