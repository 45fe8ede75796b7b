package io.runnel.cli;

import io.runnel.client.BrokerConnection;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.message.ApiVersionsRequest;
import io.runnel.protocol.message.ApiVersionsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code runnel api-versions}: asks a broker which API versions it supports, like kafka-broker-api-versions. */
@Command(name = "api-versions", mixinStandardHelpOptions = true,
        description = "Print the API version ranges a broker supports.")
final class ApiVersionsCommand implements Callable<Integer> {
    @Option(names = {"-b", "--bootstrap-server"}, defaultValue = "localhost:9092",
            description = "Broker address host:port (default: ${DEFAULT-VALUE}).")
    String bootstrapServer;

    @Option(names = "--timeout-ms", defaultValue = "10000", description = "Connect and response timeout.")
    int timeoutMs;

    @Override
    public Integer call() throws IOException {
        int colon = bootstrapServer.lastIndexOf(':');
        if (colon < 0) {
            System.err.println("--bootstrap-server must be host:port, got '" + bootstrapServer + "'");
            return 2;
        }
        String host = bootstrapServer.substring(0, colon);
        int port = Integer.parseInt(bootstrapServer.substring(colon + 1));
        try (BrokerConnection connection = BrokerConnection.open(host, port, "runnel-cli", timeoutMs)) {
            ApiVersionsResponse response = (ApiVersionsResponse) connection.send(
                    new ApiVersionsRequest().clientSoftwareName("runnel-cli").clientSoftwareVersion("0.1.0"),
                    ApiVersionsRequest.HIGHEST_VERSION);
            print(response, System.out);
            return response.errorCode() == 0 ? 0 : 1;
        }
    }

    static void print(ApiVersionsResponse response, PrintStream out) {
        out.printf("%-28s %4s %s%n", "API", "KEY", "VERSIONS");
        for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
            ApiKey known = ApiKey.forId(v.apiKey());
            String name = known == null ? "unknown" : known.apiName();
            out.printf("%-28s %4d %d-%d%n", name, v.apiKey(), v.minVersion(), v.maxVersion());
        }
    }
}
