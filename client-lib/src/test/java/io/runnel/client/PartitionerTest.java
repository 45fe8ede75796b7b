package io.runnel.client;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionerTest {
    private static final int KEYS = 10_000;

    private static ProducerRecord keyed(String topic, byte[] key) {
        return ProducerRecord.of(topic, key, new byte[]{1});
    }

    private static ProducerRecord unkeyed(String topic) {
        return ProducerRecord.of(topic, (byte[]) null, new byte[]{1});
    }

    @Test
    void keyHashPlacesEveryKeyWhereKafkasClientDoes() {
        Random random = new Random(42);
        Partitioner keyHash = Partitioner.keyHash();
        int[] counts = {1, 2, 3, 7, 12, 100, 1000};
        int differentFromFirst = 0;
        for (int i = 0; i < KEYS; i++) {
            byte[] key = new byte[random.nextInt(40)];
            random.nextBytes(key);
            assertEquals(Utils.murmur2(key), io.runnel.client.internal.producer.Murmur2.hash(key),
                    "murmur2 of key #" + i);
            for (int n : counts) {
                int expected = BuiltInPartitioner.partitionForKey(key, n);
                assertEquals(expected, keyHash.partition(keyed("t", key), n), "key #" + i + " over " + n);
                assertEquals(expected, Partitioner.partitionForKey(key, n));
            }
            if (BuiltInPartitioner.partitionForKey(key, 12) != 0) {
                differentFromFirst++;
            }
        }
        // Guards against a test that passes because everything lands on partition 0.
        assertTrue(differentFromFirst > KEYS / 2, "keys spread over partitions: " + differentFromFirst);
    }

    @Test
    void keyHashOfAKnownStringKey() {
        // Kafka's murmur2 of "foo" as its own client computes it: a fixed point that does not depend on the oracle jar.
        byte[] foo = "foo".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(Utils.murmur2(foo), io.runnel.client.internal.producer.Murmur2.hash(foo));
        assertEquals(Utils.toPositive(Utils.murmur2(foo)) % 5, Partitioner.partitionForKey(foo, 5));
    }

    @Test
    void keyHashSpreadsRecordsWithoutKeyStickily() {
        Partitioner keyHash = Partitioner.keyHash();
        int first = keyHash.partition(unkeyed("t"), 6);
        for (int i = 0; i < 50; i++) {
            assertEquals(first, keyHash.partition(unkeyed("t"), 6));
        }
        keyHash.onBatchClosed("t", first);
        assertNotEquals(first, keyHash.partition(unkeyed("t"), 6));
    }

    @Test
    void roundRobinCyclesPerTopic() {
        Partitioner roundRobin = Partitioner.roundRobin();
        for (int i = 0; i < 9; i++) {
            assertEquals(i % 3, roundRobin.partition(keyed("a", new byte[]{7}), 3), "record " + i + " of a");
        }
        assertEquals(0, roundRobin.partition(unkeyed("b"), 3), "b has its own counter");
        assertEquals(1, roundRobin.partition(unkeyed("b"), 3));
    }

    @Test
    void randomReachesEveryPartitionAndStaysInRange() {
        Partitioner random = Partitioner.random();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            int p = random.partition(keyed("t", new byte[]{1}), 5);
            assertTrue(p >= 0 && p < 5, "partition " + p);
            seen.add(p);
        }
        assertEquals(Set.of(0, 1, 2, 3, 4), seen);
    }

    @Test
    void stickyKeepsOnePartitionUntilItsBatchClosesThenMovesToAnother() {
        Partitioner sticky = Partitioner.sticky();
        int current = sticky.partition(keyed("t", "k".getBytes()), 4);
        Set<Integer> visited = new HashSet<>();
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < 10; i++) {
                assertEquals(current, sticky.partition(keyed("t", ("k" + i).getBytes()), 4), "keys are ignored");
            }
            visited.add(current);
            sticky.onBatchClosed("t", (current + 1) % 4); // another partition's batch: no move
            assertEquals(current, sticky.partition(unkeyed("t"), 4));
            sticky.onBatchClosed("t", current);
            int next = sticky.partition(unkeyed("t"), 4);
            assertNotEquals(current, next, "moves away from the partition whose batch closed");
            current = next;
        }
        assertEquals(Set.of(0, 1, 2, 3), visited, "over time every partition is used");
    }

    @Test
    void stickyWithOnePartitionStaysThere() {
        Partitioner sticky = Partitioner.sticky();
        assertEquals(0, sticky.partition(unkeyed("t"), 1));
        sticky.onBatchClosed("t", 0);
        assertEquals(0, sticky.partition(unkeyed("t"), 1));
    }

    @Test
    void customPartitionerIsALambda() {
        Partitioner lastByte = (record, partitions) -> record.key()[record.key().length - 1] % partitions;
        assertEquals(2, lastByte.partition(keyed("t", new byte[]{9, 5}), 3));
    }
}
