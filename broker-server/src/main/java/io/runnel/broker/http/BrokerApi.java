package io.runnel.broker.http;

import io.runnel.broker.config.Listener;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.metrics.GroupSnapshot;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/broker}: the console's overview — version, identity, uptime, listeners, disk, counts, and
 * the traffic counters (bytes and records in and out since start), from which the console draws its rate charts.
 */
final class BrokerApi {
    private final HttpEndpointContext ctx;
    private final Supplier<String> httpListener;

    BrokerApi(HttpEndpointContext ctx, Supplier<String> httpListener) {
        this.ctx = ctx;
        this.httpListener = httpListener;
    }

    CompletionStage<HttpReply> overview(HttpCall call) {
        return ctx.workers().onConsole(() -> HttpReply.json(write()));
    }

    private String write() throws Exception {
        long now = ctx.clockMs().getAsLong();
        JsonWriter json = new JsonWriter().beginObject()
                .field("version", version())
                .field("nodeId", ctx.broker().nodeId())
                .field("clusterId", ctx.broker().clusterId())
                .field("time", now)
                .field("startedAt", ctx.startedAtMs())
                .field("uptimeMs", now - ctx.startedAtMs())
                .field("ready", ctx.readiness().notReadyBecause() == null);
        Listener kafka = ctx.broker().advertisedListener();
        json.name("listeners").beginObject().field("kafka", kafka.hostPort()).field("http", httpListener.get())
                .endObject();
        long dataBytes = 0;
        int partitions = 0;
        for (PartitionLog log : ctx.logs().logs()) {
            dataBytes += log.sizeInBytes();
            partitions++;
        }
        json.field("dataDir", ctx.logs().config().dataDir().toString());
        json.name("disk").beginObject().field("dataBytes", dataBytes);
        try {
            FileStore store = Files.getFileStore(ctx.logs().config().dataDir());
            json.field("freeBytes", store.getUsableSpace()).field("totalBytes", store.getTotalSpace());
        } catch (IOException e) {
            json.name("freeBytes").nullValue().name("totalBytes").nullValue();
        }
        json.endObject();
        List<GroupSnapshot> groups = GroupsApi.await(ctx.groups().readAll(), TimeUnit.SECONDS.toMillis(5));
        json.field("topics", ctx.logs().registry().all().size()).field("partitions", partitions)
                .field("groups", groups.size()).field("connections", ctx.metrics().network().openConnections());
        long[] totals = ctx.metrics().topics().totals();
        json.name("traffic").beginObject().field("bytesIn", totals[0]).field("recordsIn", totals[1])
                .field("bytesOut", totals[2]).field("recordsOut", totals[3]).endObject();
        return json.endObject().toJson();
    }

    private static String version() {
        // The jar's manifest version; any class of the broker jar reads the same one, so no tie to the root package.
        String v = BrokerApi.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
