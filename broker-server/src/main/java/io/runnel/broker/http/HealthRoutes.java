package io.runnel.broker.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /health} and {@code /ready}, for systemd, Docker and Kubernetes probes. Both answer on the network thread
 * at once, reading one volatile field: a probe never waits behind a scrape or a console scan.
 *
 * <ul>
 *   <li>{@code /health}: 200 whenever the process serves HTTP (a liveness probe).</li>
 *   <li>{@code /ready}: 200 once the logs are loaded, the group coordinator has replayed its state and the Kafka
 *   listener is bound; 503 with the reason before that and from the moment shutdown begins (a readiness
 *   probe).</li>
 * </ul>
 */
final class HealthRoutes {
    private final Readiness readiness;

    HealthRoutes(Readiness readiness) {
        this.readiness = readiness;
    }

    CompletionStage<HttpReply> health(HttpCall call) {
        return CompletableFuture.completedFuture(HttpReply.text(HttpResponseStatus.OK, "ok\n"));
    }

    CompletionStage<HttpReply> ready(HttpCall call) {
        String why = readiness.notReadyBecause();
        HttpReply reply = why == null ? HttpReply.text(HttpResponseStatus.OK, "ready\n")
                : HttpReply.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready: " + why + "\n");
        return CompletableFuture.completedFuture(reply);
    }
}
