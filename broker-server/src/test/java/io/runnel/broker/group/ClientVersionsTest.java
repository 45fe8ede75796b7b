package io.runnel.broker.group;

import io.runnel.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients speak different versions of the group APIs in one group: kafka-clients the newest and flexible ones,
 * librdkafka JoinGroup 5 / SyncGroup 3 / Heartbeat 3, kafkajs older non-flexible ones. Every answer is decoded at
 * the version it was asked with.
 */
class ClientVersionsTest {

    @Test
    void membersOnDifferentVersionsShareOneGroup() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer javaClient = h.consumer("mixed", "java");
            TestConsumer librdkafka = h.consumer("mixed", "rdkafka");
            librdkafka.joinVersion = 5;
            librdkafka.syncVersion = 3;
            librdkafka.heartbeatVersion = 3;
            librdkafka.leaveVersion = 3;
            TestConsumer oldClient = h.consumer("mixed", "old");
            oldClient.joinVersion = 2;
            oldClient.syncVersion = 1;
            oldClient.heartbeatVersion = 1;
            oldClient.leaveVersion = 1;
            List<TestConsumer> members = new ArrayList<>(List.of(javaClient, librdkafka, oldClient));
            List<Short> errors = h.stabilize(members);
            assertTrue(errors.stream().allMatch(e -> e == ErrorCode.REBALANCE_IN_PROGRESS.code()), errors.toString());
            List<String> owned = new ArrayList<>();
            for (TestConsumer c : members) {
                assertEquals(1, c.assignment.size(), c.toString());
                owned.addAll(c.assignment);
            }
            owned.sort(null);
            assertEquals(List.of("orders-0", "orders-1", "orders-2"), owned);

            assertEquals(ErrorCode.NONE.code(), oldClient.leave().errorCode());
            members.remove(oldClient);
            h.stabilize(members);
            assertEquals(3, javaClient.assignment.size() + librdkafka.assignment.size());
            assertEquals(ErrorCode.NONE.code(), librdkafka.leave().members().get(0).errorCode());
        }
    }
}
