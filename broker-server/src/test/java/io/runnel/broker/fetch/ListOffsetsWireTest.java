package io.runnel.broker.fetch;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.testing.RawConnection;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.runnel.broker.fetch.FetchTestSupport.append;
import static io.runnel.broker.fetch.FetchTestSupport.listOffsets;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ListOffsets over a real socket, v1 (non-flexible, as librdkafka and kafkajs send it) to v10, encoded and parsed
 * by kafka-clients. Partition 0 holds offsets 0–8 in three batches with timestamps 1000–1002, 2000–2002 and
 * 3000–3002, and a record with timestamp 5000 at offset 9 followed by an older one (offset 10, timestamp 4000).
 */
class ListOffsetsWireTest {
    private static final AtomicInteger CORRELATION = new AtomicInteger();
    private static EmbeddedBroker broker;
    private static TopicInfo topic;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start();
        topic = broker.broker().logs().createTopic("offsets", 3, Map.of());
        PartitionLog log = broker.broker().logs().log(new TopicPartition("offsets", 0));
        append(log, "a", 3, 10, 1_000);
        append(log, "b", 3, 10, 2_000);
        append(log, "c", 3, 10, 3_000);
        append(log, "max", 1, 10, 5_000);
        append(log, "older", 1, 10, 4_000);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** [error, offset, timestamp, leader epoch (v4+, else -1)] for one partition and timestamp. */
    private static List<Long> ask(short version, String name, int partition, long timestamp) throws IOException {
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1).setIsolationLevel((byte) 0);
        request.topics().add(new ListOffsetsRequestData.ListOffsetsTopic().setName(name)
                .setPartitions(new ArrayList<>(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                        .setPartitionIndex(partition).setTimestamp(timestamp)))));
        try (RawConnection conn = new RawConnection("127.0.0.1", broker.port())) {
            ListOffsetsResponseData response = listOffsets(conn, version, request, CORRELATION.incrementAndGet());
            ListOffsetsResponseData.ListOffsetsPartitionResponse p = response.topics().get(0).partitions().get(0);
            assertEquals(partition, p.partitionIndex());
            return List.of((long) p.errorCode(), p.offset(), p.timestamp(), (long) p.leaderEpoch());
        }
    }

    private static long epoch(short version) {
        return version >= 4 ? 0 : -1;
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {1, 2, 4, 5, 6, 7, 10})
    void earliestLatestAndByTime(short version) throws IOException {
        assertEquals(List.of(0L, 0L, -1L, epoch(version)), ask(version, "offsets", 0, -2), "earliest");
        assertEquals(List.of(0L, 11L, -1L, epoch(version)), ask(version, "offsets", 0, -1), "latest");
        assertEquals(List.of(0L, 0L, 1_000L, epoch(version)), ask(version, "offsets", 0, 0), "before everything");
        assertEquals(List.of(0L, 4L, 2_001L, epoch(version)), ask(version, "offsets", 0, 2_001),
                "inside a batch: the first record at or after the time");
        assertEquals(List.of(0L, 6L, 3_000L, epoch(version)), ask(version, "offsets", 0, 2_500),
                "between batches: the next batch's first record");
        assertEquals(List.of(0L, 9L, 5_000L, epoch(version)), ask(version, "offsets", 0, 4_000),
                "the first record at or after 4000 in offset order is the 5000 one");
        assertEquals(List.of(0L, -1L, -1L, -1L), ask(version, "offsets", 0, 6_000), "after every record");
        assertEquals(List.of(0L, 0L, -1L, epoch(version)), ask(version, "offsets", 1, -1), "an empty partition");
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {7, 8, 9, 10})
    void maxTimestampEarliestLocalAndLatestTiered(short version) throws IOException {
        assertEquals(List.of(0L, 9L, 5_000L, 0L), ask(version, "offsets", 0, -3), "max timestamp");
        assertEquals(List.of(0L, -1L, -1L, -1L), ask(version, "offsets", 1, -3), "max timestamp of nothing");
        if (version >= 8) {
            assertEquals(List.of(0L, 0L, -1L, 0L), ask(version, "offsets", 0, -4), "earliest local");
        }
        if (version >= 9) {
            assertEquals(List.of(0L, -1L, -1L, -1L), ask(version, "offsets", 0, -5), "latest tiered: none");
        }
    }

    @Test
    void unknownTopicsAndPartitions() throws IOException {
        long unknown = Errors.UNKNOWN_TOPIC_OR_PARTITION.code();
        assertEquals(List.of(unknown, -1L, -1L, -1L), ask((short) 6, "nope", 0, -1));
        assertEquals(List.of(unknown, -1L, -1L, -1L), ask((short) 6, "offsets", 3, -1));
        assertEquals(List.of(unknown, -1L, -1L, -1L), ask((short) 1, "offsets", 5, -2));
    }

    @Test
    void theEarliestOffsetFollowsTheLogStart() throws IOException {
        PartitionLog log = broker.broker().logs().log(new TopicPartition("offsets", 2));
        append(log, "gone", 2, 10, 100);
        append(log, "kept", 2, 10, 200);
        log.advanceLogStartOffset(2);
        assertEquals(List.of(0L, 2L, -1L, 0L), ask((short) 5, "offsets", 2, -2));
        assertEquals(List.of(0L, 2L, 200L, 0L), ask((short) 5, "offsets", 2, 0), "by time: only what is left");
    }
}
