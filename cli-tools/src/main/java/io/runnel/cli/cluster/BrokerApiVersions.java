package io.runnel.cli.cluster;

import io.runnel.cli.output.Json;
import io.runnel.cli.output.Table;
import io.runnel.client.ApiErrorException;
import io.runnel.client.BrokerConnection;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiVersionsRequest;
import io.runnel.protocol.message.ApiVersionsResponse;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The API version ranges one broker supports, asked with one ApiVersions request on a short-lived blocking
 * connection (client-lib's {@link BrokerConnection}): cheaper to start than a full client for a one-shot question.
 */
final class BrokerApiVersions {
    /** One API the broker supports. */
    record Range(String api, int key, int min, int max) {
    }

    private BrokerApiVersions() {
    }

    /** Asks {@code host:port}; fails with the connection's IOException or the broker's error code. */
    static List<Range> query(String host, int port, Duration timeout, String softwareVersion) throws IOException {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (BrokerConnection connection = BrokerConnection.open(host, port, "runnel-cli", timeoutMs)) {
            ApiVersionsResponse response = (ApiVersionsResponse) connection.send(new ApiVersionsRequest()
                    .clientSoftwareName("runnel-cli").clientSoftwareVersion(softwareVersion),
                    ApiVersionsRequest.HIGHEST_VERSION);
            ErrorCode error = ErrorCode.forCode(response.errorCode());
            if (error != ErrorCode.NONE) {
                throw ApiErrorException.of(error, "ApiVersions of broker " + host + ":" + port);
            }
            List<Range> ranges = new ArrayList<>();
            for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
                ApiKey known = ApiKey.forId(v.apiKey());
                ranges.add(new Range(known == null ? "unknown" : known.apiName(), v.apiKey(), v.minVersion(),
                        v.maxVersion()));
            }
            return ranges;
        }
    }

    static Table table(List<Range> ranges) {
        Table table = new Table("API", "KEY", "VERSIONS");
        for (Range r : ranges) {
            table.row(r.api(), r.key(), r.min() + "-" + r.max());
        }
        return table;
    }

    static List<Object> json(List<Range> ranges) {
        List<Object> list = new ArrayList<>();
        for (Range r : ranges) {
            list.add(Json.object("api", r.api(), "key", r.key(), "min", r.min(), "max", r.max()));
        }
        return list;
    }

    static void print(PrintWriter out, List<Range> ranges) {
        table(ranges).print(out);
    }
}
