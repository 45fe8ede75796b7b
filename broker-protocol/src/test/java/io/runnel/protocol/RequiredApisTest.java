package io.runnel.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runnel must implement every API that Kafka 4.x clients need, over at least the version range Apache Kafka
 * 4.0 brokers support (issue 3), so that any client working with Kafka 4.x negotiates a version Runnel knows.
 */
class RequiredApisTest {
    /** API name → {lowest, highest} version of the Kafka 4.0 broker range. */
    private static final Map<String, int[]> KAFKA_4_0_RANGES = new LinkedHashMap<>();

    static {
        range("Produce", 3, 12);
        range("Fetch", 4, 17);
        range("ListOffsets", 1, 10);
        range("Metadata", 0, 13);
        range("OffsetCommit", 2, 9);
        range("OffsetFetch", 1, 9);
        range("FindCoordinator", 0, 6);
        range("JoinGroup", 0, 9);
        range("Heartbeat", 0, 4);
        range("LeaveGroup", 0, 5);
        range("SyncGroup", 0, 5);
        range("DescribeGroups", 0, 5);
        range("ListGroups", 0, 5);
        range("SaslHandshake", 0, 1);
        range("ApiVersions", 0, 4);
        range("CreateTopics", 2, 7);
        range("DeleteTopics", 1, 6);
        range("InitProducerId", 0, 5);
        range("DescribeConfigs", 1, 4);
        range("SaslAuthenticate", 0, 2);
        range("CreatePartitions", 0, 3);
        range("DeleteGroups", 0, 2);
        range("IncrementalAlterConfigs", 0, 1);
        range("OffsetDelete", 0, 0);
        range("DescribeCluster", 0, 1);
        range("ConsumerGroupHeartbeat", 0, 1);
        range("ConsumerGroupDescribe", 0, 1);
        // Issue 12 (transactions and the tools' APIs): the ranges Apache Kafka 4.4.0 brokers advertise.
        range("DeleteRecords", 0, 2);
        range("OffsetForLeaderEpoch", 2, 4);
        range("AddPartitionsToTxn", 0, 5);
        range("AddOffsetsToTxn", 0, 4);
        range("EndTxn", 0, 5);
        range("TxnOffsetCommit", 0, 5);
        range("DescribeLogDirs", 1, 5);
        range("DescribeProducers", 0, 0);
        range("DescribeTransactions", 0, 0);
        range("ListTransactions", 0, 2);
        range("DescribeTopicPartitions", 0, 0);
    }

    private static void range(String api, int lowest, int highest) {
        KAFKA_4_0_RANGES.put(api, new int[] {lowest, highest});
    }

    @Test
    void everyRequiredApiCoversKafkas40Range() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, int[]> required : KAFKA_4_0_RANGES.entrySet()) {
            ApiKey key = byName(required.getKey());
            int lowest = required.getValue()[0];
            int highest = required.getValue()[1];
            if (key == null) {
                problems.add(required.getKey() + ": missing from ApiKey");
            } else if (key.lowestVersion() > lowest || key.highestVersion() < highest
                    || key.advertisedLowestVersion() > lowest || key.advertisedHighestVersion() < highest) {
                problems.add(required.getKey() + ": implements " + key.lowestVersion() + "-" + key.highestVersion()
                        + ", advertises " + key.advertisedLowestVersion() + "-" + key.advertisedHighestVersion()
                        + "; Kafka 4.0 brokers support " + lowest + "-" + highest);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static ApiKey byName(String apiName) {
        for (ApiKey key : ApiKey.values()) {
            if (key.apiName().equals(apiName)) {
                return key;
            }
        }
        return null;
    }
}
