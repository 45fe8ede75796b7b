package io.runnel.protocol;

import io.runnel.protocol.oracle.Direction;

import java.util.ArrayList;
import java.util.List;

/**
 * One API, direction and version that Runnel implements; the unit the parameterised codec tests run over.
 * {@code -Drunnel.api=Metadata} (comma-separated names allowed) narrows every such test to those APIs.
 */
record ApiVersionCase(ApiKey key, Direction direction, short version) {
    static final String API_FILTER_PROPERTY = "runnel.api";

    /** Every API in Runnel's table that the filter lets through. */
    static List<ApiKey> selectedKeys() {
        String filter = System.getProperty(API_FILTER_PROPERTY, "").trim();
        List<ApiKey> keys = new ArrayList<>();
        for (ApiKey key : ApiKey.values()) {
            if (filter.isEmpty() || List.of(filter.split("\\s*,\\s*")).contains(key.apiName())) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("-D" + API_FILTER_PROPERTY + "=" + filter + " matches no API");
        }
        return keys;
    }

    /** Every selected API × both directions × every version from lowestVersion to highestVersion. */
    static List<ApiVersionCase> all() {
        List<ApiVersionCase> cases = new ArrayList<>();
        for (ApiKey key : selectedKeys()) {
            for (Direction direction : Direction.values()) {
                for (short v = key.lowestVersion(); v <= key.highestVersion(); v++) {
                    cases.add(new ApiVersionCase(key, direction, v));
                }
            }
        }
        return cases;
    }

    /** A seed unique to this case and index, stable across runs so failures reproduce. */
    long seed(int index) {
        return key.id() * 1_000_000L + version * 1_000L + (direction == Direction.REQUEST ? 0 : 500) + index;
    }

    @Override
    public String toString() {
        return key.apiName() + direction.suffix() + " v" + version;
    }
}
