package io.runnel.broker.network;

import io.runnel.broker.config.Listener;
import io.runnel.broker.testing.RawConnection;
import io.runnel.protocol.ApiKey;

import java.io.IOException;

/** A NetworkServer on 127.0.0.1 with the handlers a test chooses. */
final class TestServer implements AutoCloseable {
    /** One network thread, so a blocked event loop would block every connection. */
    static final NetworkSettings SETTINGS = new NetworkSettings(1, 100, 1 << 20, 1 << 20, 1000, 0);

    private final NetworkServer server;
    private final int port;

    private TestServer(NetworkServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static TestServer start(ApiHandler apiVersionsHandler) throws IOException {
        return start(apiVersionsHandler, SETTINGS, Transport.best());
    }

    static TestServer start(ApiHandler apiVersionsHandler, NetworkSettings settings, Transport transport)
            throws IOException {
        ApiHandlers handlers = ApiHandlers.builder().register(ApiKey.API_VERSIONS, apiVersionsHandler).build();
        NetworkServer server = new NetworkServer(handlers, settings, transport);
        int port = server.start(new Listener("127.0.0.1", 0)).getPort();
        return new TestServer(server, port);
    }

    int port() {
        return port;
    }

    NetworkServer server() {
        return server;
    }

    RawConnection connect() throws IOException {
        return new RawConnection("127.0.0.1", port);
    }

    @Override
    public void close() {
        server.close(5_000);
    }
}
