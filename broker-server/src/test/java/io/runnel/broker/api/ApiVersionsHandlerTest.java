package io.runnel.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiVersionsRequest;
import io.runnel.protocol.message.ApiVersionsResponse;
import io.runnel.protocol.message.RequestHeader;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

class ApiVersionsHandlerTest {
    private final ApiVersionsHandler everything = new ApiVersionsHandler(Arrays.asList(ApiKey.values()));

    @Test
    void advertisesEveryApiWithItsAdvertisedRangeInKeyOrder() {
        List<String> expected = new ArrayList<>();
        List<ApiKey> keys = new ArrayList<>(Arrays.asList(ApiKey.values()));
        keys.sort((a, b) -> Short.compare(a.id(), b.id()));
        for (ApiKey key : keys) {
            expected.add(key.id() + ":" + key.advertisedLowestVersion() + "-" + key.advertisedHighestVersion());
        }
        ApiVersionsResponse response = respond(everything, (short) 3, validRequest());
        assertEquals(ErrorCode.NONE.code(), response.errorCode());
        assertEquals(expected, ranges(response));
        // Spot checks against Kafka 4.x broker ranges.
        assertTrue(ranges(response).contains("18:0-4"));
        assertTrue(ranges(response).contains("0:0-12"), "Produce is advertised from v0, as Kafka does");
        assertTrue(ranges(response).contains("1:4-17"));
    }

    @Test
    void unknownVersionIsAnsweredInV0WithUnsupportedVersionAndTheFullList() {
        RequestContext context = context((short) 99);
        Response response = everything.handle(context, new ApiVersionsRequest()).toCompletableFuture().join();
        assertEquals(0, response.version((short) 99));
        ApiVersionsResponse body = (ApiVersionsResponse) response.body();
        assertEquals(ErrorCode.UNSUPPORTED_VERSION.code(), body.errorCode());
        assertEquals(ApiKey.values().length, body.apiKeys().size());
    }

    @Test
    void invalidClientSoftwareNameGetsInvalidRequest() {
        ApiVersionsRequest request = new ApiVersionsRequest().clientSoftwareName("bad name!").clientSoftwareVersion("1");
        assertEquals(ErrorCode.INVALID_REQUEST.code(), respond(everything, (short) 3, request).errorCode());
        // v0-2 carry no software name, so nothing to validate.
        assertEquals(ErrorCode.NONE.code(), respond(everything, (short) 2, new ApiVersionsRequest()).errorCode());
    }

    @Test
    void advertisesOnlyTheApisItIsGiven() {
        ApiVersionsHandler handler = new ApiVersionsHandler(List.of(ApiKey.API_VERSIONS, ApiKey.METADATA));
        assertEquals(List.of("3:0-13", "18:0-4"), ranges(respond(handler, (short) 0, new ApiVersionsRequest())));
    }

    @Test
    void errorResponseCarriesTheRangesOnlyForUnsupportedVersion() {
        ApiVersionsResponse invalid = (ApiVersionsResponse) everything.errorResponse(context((short) 3),
                ErrorCode.INVALID_REQUEST);
        assertEquals(ErrorCode.INVALID_REQUEST.code(), invalid.errorCode());
        assertTrue(invalid.apiKeys().isEmpty());
        ApiVersionsResponse unsupported = (ApiVersionsResponse) everything.errorResponse(context((short) 3),
                ErrorCode.UNSUPPORTED_VERSION);
        assertEquals(ApiKey.values().length, unsupported.apiKeys().size());
    }

    private static ApiVersionsRequest validRequest() {
        return new ApiVersionsRequest().clientSoftwareName("apache-kafka-java").clientSoftwareVersion("4.4.0");
    }

    private static ApiVersionsResponse respond(ApiVersionsHandler handler, short version, ApiVersionsRequest request) {
        Response response = handler.handle(context(version), request).toCompletableFuture().join();
        assertEquals(version, response.version(version));
        return (ApiVersionsResponse) response.body();
    }

    private static RequestContext context(short version) {
        RequestHeader header = new RequestHeader().requestApiKey(ApiKey.API_VERSIONS.id()).requestApiVersion(version)
                .correlationId(7).clientId("test");
        return new RequestContext(ApiKey.API_VERSIONS, version, header, new InetSocketAddress("127.0.0.1", 1));
    }

    private static List<String> ranges(ApiVersionsResponse response) {
        List<String> ranges = new ArrayList<>();
        for (ApiVersionsResponse.ApiVersion version : response.apiKeys()) {
            ranges.add(version.apiKey() + ":" + version.minVersion() + "-" + version.maxVersion());
        }
        return ranges;
    }
}
