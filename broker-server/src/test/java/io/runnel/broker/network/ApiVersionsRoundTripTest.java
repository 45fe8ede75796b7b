package io.runnel.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.RawConnection;
import io.runnel.protocol.ApiKey;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** ApiVersions against a real broker socket, decoded by kafka-clients. */
class ApiVersionsRoundTripTest {
    /** Some of what the broker serves; every advertised range must also be the one ApiKey's table gives. */
    private static final List<String> SERVED_AT_LEAST = List.of("3:0-13", "8:2-9", "9:1-9", "10:0-6", "11:0-9",
            "12:0-4", "13:0-5", "14:0-5", "15:0-5", "16:0-5", "18:0-4", "42:0-2", "47:0-0", "60:0-1", "68:0-1",
            "69:0-1");

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void everyVersionIsAnsweredInItsOwnFormat(short version) throws IOException {
        try (RawConnection connection = connect()) {
            connection.write(RawConnection.apiVersionsFrame(version, 42));
            ApiVersionsResponse response = connection.readApiVersions(version, 42);
            assertEquals(Errors.NONE.code(), response.data().errorCode());
            assertAdvertisesTheTable(response.data());
        }
    }

    @Test
    void aVersionNewerThanTheBrokerKnowsGetsUnsupportedVersionInV0() throws IOException {
        // ApiVersions v99 as a future client might send it: header v2, a body the broker cannot know.
        ByteBuffer request = ByteBuffer.allocate(64);
        request.putShort((short) 18).putShort((short) 99).putInt(1234);
        byte[] clientId = "future-client".getBytes(StandardCharsets.UTF_8);
        request.putShort((short) clientId.length).put(clientId).put((byte) 0);
        request.put(new byte[] {7, 1, 2, 3, 4, 5, 6, 0});
        byte[] payload = new byte[request.position()];
        request.flip().get(payload);
        try (RawConnection connection = connect()) {
            connection.write(RawConnection.withSize(payload));
            ApiVersionsResponse response = connection.readApiVersions((short) 0, 1234);
            assertEquals(Errors.UNSUPPORTED_VERSION.code(), response.data().errorCode());
            assertAdvertisesTheTable(response.data());
            // The connection stays usable: the client retries with a version both sides know.
            connection.write(RawConnection.apiVersionsFrame((short) 3, 1235));
            assertEquals(Errors.NONE.code(), connection.readApiVersions((short) 3, 1235).data().errorCode());
        }
    }

    @Test
    void kafkaAdminClientNegotiatesAndIsToldWhatTheBrokerDoesNotServe() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            // kafka-clients sends ApiVersions v4 first; ListPartitionReassignments is not advertised, so the client
            // itself refuses it rather than the broker pretending to serve it.
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.listPartitionReassignments().reassignments().get(15, TimeUnit.SECONDS));
            assertInstanceOf(UnsupportedVersionException.class, e.getCause());
        }
    }

    private static RawConnection connect() throws IOException {
        return new RawConnection("127.0.0.1", broker.port());
    }

    private static void assertAdvertisesTheTable(ApiVersionsResponseData data) {
        List<String> ranges = ranges(data);
        assertTrue(ranges.containsAll(SERVED_AT_LEAST), ranges.toString());
        for (ApiVersionsResponseData.ApiVersion version : data.apiKeys()) {
            ApiKey api = ApiKey.forId(version.apiKey());
            assertEquals(api.advertisedLowestVersion() + "-" + api.advertisedHighestVersion(),
                    version.minVersion() + "-" + version.maxVersion(), api.apiName());
        }
    }

    private static List<String> ranges(ApiVersionsResponseData data) {
        List<String> ranges = new ArrayList<>();
        for (ApiVersionsResponseData.ApiVersion version : data.apiKeys()) {
            ranges.add(version.apiKey() + ":" + version.minVersion() + "-" + version.maxVersion());
        }
        return ranges;
    }
}
