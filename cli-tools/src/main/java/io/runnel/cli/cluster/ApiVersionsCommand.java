package io.runnel.cli.cluster;

import io.runnel.cli.ClientCommand;
import io.runnel.cli.VersionProvider;
import io.runnel.cli.output.Json;
import io.runnel.client.internal.net.ClientNetworkConfig;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;

/** {@code runnel api-versions}: the API versions the first bootstrap broker supports, like kafka-broker-api-versions. */
@Command(name = "api-versions", description = "Print the API version ranges a broker supports.")
public final class ApiVersionsCommand extends ClientCommand {
    @Override
    public Integer call() throws IOException {
        InetSocketAddress broker = ClientNetworkConfig.parseBootstrap(client.bootstrap()).get(0);
        List<BrokerApiVersions.Range> ranges = BrokerApiVersions.query(broker.getHostString(), broker.getPort(),
                client.timeout(), VersionProvider.projectVersion());
        PrintWriter out = out();
        if (output.json()) {
            out.println(Json.pretty(Json.object("broker", broker.getHostString() + ":" + broker.getPort(),
                    "apis", BrokerApiVersions.json(ranges))));
        } else {
            BrokerApiVersions.print(out, ranges);
        }
        out.flush();
        return 0;
    }
}
