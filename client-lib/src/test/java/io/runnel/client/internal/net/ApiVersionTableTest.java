package io.runnel.client.internal.net;

import io.runnel.protocol.ApiKey;
import io.runnel.protocol.message.ApiVersionsResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiVersionTableTest {
    private static ApiVersionTable table(ApiKey api, int min, int max) {
        return ApiVersionTable.of(new ApiVersionsResponse().apiKeys(List.of(new ApiVersionsResponse.ApiVersion()
                .apiKey(api.id()).minVersion((short) min).maxVersion((short) max))));
    }

    @Test
    void picksTheHighestVersionBothSidesSupport() {
        assertEquals(ApiKey.METADATA.highestVersion(), table(ApiKey.METADATA, 0, 99).negotiate(ApiKey.METADATA,
                (short) -1));
        assertEquals(7, table(ApiKey.METADATA, 0, 7).negotiate(ApiKey.METADATA, (short) -1));
    }

    @Test
    void callerCapLowersTheVersion() {
        assertEquals(4, table(ApiKey.METADATA, 0, 13).negotiate(ApiKey.METADATA, (short) 4));
    }

    @Test
    void noCommonVersionOrNoAdvertisementGivesMinusOne() {
        // Runnel's client writes CreateTopics from v2; a broker stuck at v1 shares nothing with it.
        assertEquals(-1, table(ApiKey.CREATE_TOPICS, 0, 1).negotiate(ApiKey.CREATE_TOPICS, (short) -1));
        assertEquals(-1, table(ApiKey.METADATA, 5, 13).negotiate(ApiKey.METADATA, (short) 4));
        assertEquals(-1, table(ApiKey.METADATA, 0, 13).negotiate(ApiKey.FETCH, (short) -1));
        assertEquals("none", table(ApiKey.METADATA, 0, 13).describe(ApiKey.FETCH));
        assertEquals("0-13", table(ApiKey.METADATA, 0, 13).describe(ApiKey.METADATA));
    }
}
