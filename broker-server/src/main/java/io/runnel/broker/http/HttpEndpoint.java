package io.runnel.broker.http;

import io.runnel.broker.api.BrokerContext;
import io.runnel.broker.config.Listener;
import io.runnel.broker.metrics.BrokerMetrics;
import io.runnel.broker.metrics.GroupReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * The broker's HTTP endpoint: {@code /metrics}, {@code /health}, {@code /ready}, the JSON API under
 * {@code /api/v1/} and the web console at {@code /}, on one listener ({@code http.listener}).
 *
 * <p>Why Netty's HTTP codec on the broker's own event loops rather than the Prometheus client's HTTP server (the
 * JDK's {@code com.sun.net.httpserver}): no second server with its own threads and its own way of shutting down;
 * server-sent events (the live tail) are plain chunked writes on a Netty channel; nothing new goes into the jar;
 * and the network threads only ever route a request, since everything that reads logs or waits on the group
 * coordinator runs on the endpoint's two agents ({@link HttpWorkers}).
 *
 * <p>Routes:
 * <pre>
 *   GET    /health, /ready, /metrics
 *   GET    /, /console/{file}
 *   GET    /api/v1/broker
 *   GET    /api/v1/topics                       POST /api/v1/topics
 *   GET    /api/v1/topics/{topic}               DELETE /api/v1/topics/{topic}
 *   GET    /api/v1/topics/{topic}/messages      GET /api/v1/topics/{topic}/search
 *   GET    /api/v1/topics/{topic}/tail          (server-sent events)
 *   GET    /api/v1/groups                       GET /api/v1/groups/{group}
 *   POST   /api/v1/groups/{group}/offsets/reset
 * </pre>
 * docs/http-api.md documents each. There is no login: the listener is on loopback unless configured otherwise.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

    private final HttpWorkers workers;
    private final HttpServer server;

    private HttpEndpoint(HttpWorkers workers, HttpServer server) {
        this.workers = workers;
        this.server = server;
    }

    /**
     * Starts the endpoint on {@code listener}, on event loops lent by {@code binder}.
     *
     * @throws IOException when the listener cannot be bound; nothing is left running
     */
    public static HttpEndpoint start(Listener listener, ChannelBinder binder, BrokerContext broker,
                                     BrokerMetrics metrics, Readiness readiness, LongSupplier clockMs)
            throws IOException {
        HttpWorkers workers = new HttpWorkers();
        try {
            // The console's address is only known after binding (port 0): the overview reads it lazily.
            String[] bound = {listener.hostPort()};
            HttpEndpointContext ctx = new HttpEndpointContext(broker, metrics, readiness, workers,
                    new GroupReader(broker.groups()), clockMs, clockMs.getAsLong());
            HttpServer server = HttpServer.start(listener, binder, routes(ctx, bound));
            InetSocketAddress address = server.address();
            bound[0] = listener.withPort(address.getPort()).hostPort();
            LOG.info("HTTP endpoint (metrics, health, API, console) listening on http://{}/", bound[0]);
            return new HttpEndpoint(workers, server);
        } catch (IOException | RuntimeException e) {
            workers.close();
            throw e;
        }
    }

    private static Routes routes(HttpEndpointContext ctx, String[] bound) {
        HealthRoutes health = new HealthRoutes(ctx.readiness());
        ConsoleAssets assets = new ConsoleAssets();
        BrokerApi broker = new BrokerApi(ctx, () -> bound[0]);
        TopicsApi topics = new TopicsApi(ctx);
        MessagesApi messages = new MessagesApi(ctx);
        TailStreams tails = new TailStreams(ctx);
        GroupsApi groups = new GroupsApi(ctx);
        return new Routes()
                .get("/health", health::health)
                .get("/ready", health::ready)
                .get("/metrics", new MetricsRoute(ctx.metrics(), ctx.workers()))
                .get("/", assets::index)
                .get("/console/{file}", assets::file)
                .get("/api/v1/broker", broker::overview)
                .get("/api/v1/topics", topics::list)
                .post("/api/v1/topics", topics::create)
                .get("/api/v1/topics/{topic}", topics::get)
                .delete("/api/v1/topics/{topic}", topics::delete)
                .get("/api/v1/topics/{topic}/messages", messages::browse)
                .get("/api/v1/topics/{topic}/search", messages::search)
                .get("/api/v1/topics/{topic}/tail", tails::tail)
                .get("/api/v1/groups", groups::list)
                .get("/api/v1/groups/{group}", groups::get)
                .post("/api/v1/groups/{group}/offsets/reset", groups::reset);
    }

    /** The address bound. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** Closes the listener and every HTTP connection (live tails too), then stops the endpoint's threads. */
    @Override
    public void close() {
        server.close();
        workers.close();
    }
}
