package io.runnel.cli.cluster;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.VersionProvider;
import io.runnel.cli.output.Json;
import io.runnel.cli.output.Table;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.admin.BrokerNode;
import io.runnel.client.admin.ClusterDescription;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code runnel cluster}: the cluster id, the controller and the brokers; with {@code --verbose} each broker's API
 * version ranges too.
 */
@Command(name = "cluster", description = "Show the cluster id, controller and brokers (--verbose: API versions).")
public final class ClusterCommand extends AdminCommand {
    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        ClusterDescription cluster = admin.describeCluster();
        List<Object> brokers = new ArrayList<>();
        for (BrokerNode b : cluster.brokers()) {
            Map<String, Object> broker = Json.object("id", b.id(), "host", b.host(), "port", b.port());
            if (client.verbose()) {
                broker.put("apiVersions", BrokerApiVersions.json(apiVersions(b)));
            }
            brokers.add(broker);
        }
        Integer controller = cluster.controllerId() < 0 ? null : cluster.controllerId();
        if (output.json()) {
            out.println(Json.pretty(Json.object("clusterId", cluster.clusterId(), "controller", controller,
                    "brokers", brokers)));
            return 0;
        }
        Table.fields(out, "Cluster id", cluster.clusterId(), "Controller", controller,
                "Brokers", cluster.brokers().size());
        out.println();
        Table table = new Table("ID", "HOST", "PORT");
        cluster.brokers().forEach(b -> table.row(b.id(), b.host(), b.port()));
        table.print(out);
        if (client.verbose()) {
            for (BrokerNode b : cluster.brokers()) {
                out.println();
                out.println("Broker " + b.id() + " (" + b.host() + ":" + b.port() + "):");
                BrokerApiVersions.print(out, apiVersions(b));
            }
        }
        return 0;
    }

    private List<BrokerApiVersions.Range> apiVersions(BrokerNode broker) {
        try {
            return BrokerApiVersions.query(broker.host(), broker.port(), client.timeout(),
                    VersionProvider.projectVersion());
        } catch (IOException e) {
            throw new UncheckedIOException("ApiVersions of broker " + broker.id() + " at " + broker.host() + ":"
                    + broker.port() + ": " + e.getMessage(), e);
        }
    }
}
