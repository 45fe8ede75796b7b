package io.runnel.client.internal.net;

import io.runnel.protocol.ApiKey;
import io.runnel.protocol.message.ApiVersionsResponse;

import java.util.Arrays;

/**
 * The version range a broker advertised for each API key in its ApiVersions response, and the choice of the version
 * a request goes out at: the highest one both sides support, capped by the caller. Immutable.
 */
final class ApiVersionTable {
    private static final short ABSENT = -1;

    private final short[] min;
    private final short[] max;

    private ApiVersionTable(short[] min, short[] max) {
        this.min = min;
        this.max = max;
    }

    static ApiVersionTable of(ApiVersionsResponse response) {
        int size = 0;
        for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
            size = Math.max(size, v.apiKey() + 1);
        }
        short[] min = new short[size];
        short[] max = new short[size];
        Arrays.fill(min, ABSENT);
        Arrays.fill(max, ABSENT);
        for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
            if (v.apiKey() >= 0) {
                min[v.apiKey()] = v.minVersion();
                max[v.apiKey()] = v.maxVersion();
            }
        }
        return new ApiVersionTable(min, max);
    }

    /** The broker's highest version of {@code api}, -1 when it does not advertise it. */
    short brokerMax(ApiKey api) {
        return api.id() < max.length ? max[api.id()] : ABSENT;
    }

    /** The broker's lowest version of {@code api}, -1 when it does not advertise it. */
    short brokerMin(ApiKey api) {
        return api.id() < min.length ? min[api.id()] : ABSENT;
    }

    /**
     * The version to send {@code api} at: min(the client's highest, the broker's highest, {@code cap} when
     * {@code cap >= 0}); -1 when that is below what either side accepts or the broker does not advertise the API.
     */
    short negotiate(ApiKey api, short cap) {
        short brokerMax = brokerMax(api);
        if (brokerMax < 0) {
            return -1;
        }
        int version = Math.min(api.highestVersion(), brokerMax);
        if (cap >= 0) {
            version = Math.min(version, cap);
        }
        int lowest = Math.max(api.lowestVersion(), brokerMin(api));
        return version < lowest ? -1 : (short) version;
    }

    /** "1-13", or "none", for messages. */
    String describe(ApiKey api) {
        short brokerMax = brokerMax(api);
        return brokerMax < 0 ? "none" : brokerMin(api) + "-" + brokerMax;
    }
}
