package io.runnel.broker.fetch;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.testing.RawConnection;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
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
import static io.runnel.broker.fetch.FetchTestSupport.fetch;
import static io.runnel.broker.fetch.FetchTestSupport.fetchOne;
import static io.runnel.broker.fetch.FetchTestSupport.offsetsAndValues;
import static io.runnel.broker.fetch.FetchTestSupport.only;
import static io.runnel.broker.fetch.FetchTestSupport.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fetch over a real socket at every kind of version clients send — v4 and v11 non-flexible (kafkajs,
 * librdkafka), v12 flexible by name, v13 and v17 by topic id — encoded and parsed by kafka-clients, with data
 * appended straight to the partition logs.
 */
class FetchWireTest {
    private static EmbeddedBroker broker;
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final AtomicInteger CORRELATION = new AtomicInteger();

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static TopicInfo topic(int partitions) {
        return broker.broker().logs().createTopic("fetch-" + TOPICS.incrementAndGet(), partitions, Map.of());
    }

    private static PartitionLog log(TopicInfo topic, int partition) {
        return broker.broker().logs().log(new TopicPartition(topic.name(), partition));
    }

    private static RawConnection connect() throws IOException {
        return new RawConnection("127.0.0.1", broker.port());
    }

    private static FetchResponseData send(RawConnection conn, short version, FetchRequestData request)
            throws IOException {
        return fetch(conn, version, request, CORRELATION.incrementAndGet());
    }

    private static Uuid id(TopicInfo topic) {
        return new Uuid(topic.id().getMostSignificantBits(), topic.id().getLeastSignificantBits());
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {4, 5, 7, 11, 12, 13, 15, 16, 17})
    void readsBackEveryRecordWithTheOffsetsAKafkaConsumerTracks(short version) throws IOException {
        TopicInfo topic = topic(1);
        PartitionLog log = log(topic, 0);
        append(log, "a", 3, 10, 1_000);
        append(log, "b", 2, 10, 2_000);
        try (RawConnection conn = connect()) {
            FetchResponseData response = send(conn, version, fetchOne(topic.name(), id(topic), 0, 0, 1 << 20, 0, 1));
            assertEquals(Errors.NONE.code(), response.errorCode());
            assertEquals(0, response.sessionId());
            FetchResponseData.FetchableTopicResponse t = response.responses().get(0);
            if (version >= 13) {
                assertEquals(id(topic), t.topicId());
            } else {
                assertEquals(topic.name(), t.topic());
            }
            FetchResponseData.PartitionData p = only(response);
            assertEquals(Errors.NONE.code(), p.errorCode());
            assertEquals(5, p.highWatermark());
            assertEquals(version >= 4 ? 5 : -1, p.lastStableOffset());
            assertEquals(version >= 5 ? 0 : -1, p.logStartOffset());
            assertNull(p.abortedTransactions(), "read_uncommitted gets no aborted-transaction list");
            assertEquals(-1, p.preferredReadReplica());
            assertEquals(List.of("0:a-0", "1:a-1", "2:a-2", "3:b-0", "4:b-1"), offsetsAndValues(records(p)));
            for (RecordBatch batch : records(p).batches()) {
                batch.ensureValid();
            }
        }
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {4, 11, 12, 17})
    void aFetchInsideABatchReturnsThatWholeBatch(short version) throws IOException {
        TopicInfo topic = topic(1);
        PartitionLog log = log(topic, 0);
        append(log, "a", 4, 10, 1_000);
        append(log, "b", 4, 10, 2_000);
        try (RawConnection conn = connect()) {
            FetchResponseData.PartitionData p = only(send(conn, version,
                    fetchOne(topic.name(), id(topic), 0, 6, 1 << 20, 0, 1)));
            MemoryRecords records = records(p);
            RecordBatch first = records.batches().iterator().next();
            assertEquals(4, first.baseOffset(), "the batch holding offset 6 starts at 4");
            assertEquals(List.of("4:b-0", "5:b-1", "6:b-2", "7:b-3"), offsetsAndValues(records));
        }
    }

    @Test
    void kip74TheFirstBatchComesWholeEvenWhenLargerThanEveryLimit() throws IOException {
        TopicInfo topic = topic(2);
        append(log(topic, 0), "big", 1, 5_000, 1_000);
        append(log(topic, 1), "other", 1, 100, 1_000);
        FetchRequestData request = fetchOne(topic.name(), id(topic), 0, 0, 100, 0, 1).setMaxBytes(100);
        request.topics().get(0).partitions().add(new FetchRequestData.FetchPartition().setPartition(1)
                .setFetchOffset(0).setPartitionMaxBytes(100));
        try (RawConnection conn = connect()) {
            for (short version : new short[] {4, 11, 12}) {
                List<FetchResponseData.PartitionData> parts = send(conn, version, request).responses().get(0)
                        .partitions();
                assertEquals(List.of("0:big-0"), offsetsAndValues(records(parts.get(0))), "v" + version);
                assertTrue(records(parts.get(0)).sizeInBytes() > 5_000);
                assertEquals(0, records(parts.get(1)).sizeInBytes(), "the response is full: v" + version);
                assertEquals(1, parts.get(1).highWatermark(), "still told how far partition 1 goes");
            }
        }
    }

    @Test
    void partitionAndResponseMaxBytesLimitWholeBatches() throws IOException {
        TopicInfo topic = topic(2);
        for (int i = 0; i < 4; i++) {
            append(log(topic, 0), "p0b" + i, 1, 400, 1_000);
            append(log(topic, 1), "p1b" + i, 1, 400, 1_000);
        }
        int batchSize = (int) (log(topic, 0).sizeInBytes() / 4);
        FetchRequestData request = fetchOne(topic.name(), id(topic), 0, 0, 2 * batchSize + 10, 0, 1)
                .setMaxBytes(3 * batchSize + 10);
        request.topics().get(0).partitions().add(new FetchRequestData.FetchPartition().setPartition(1)
                .setFetchOffset(0).setPartitionMaxBytes(4 * batchSize));
        try (RawConnection conn = connect()) {
            List<FetchResponseData.PartitionData> parts = send(conn, (short) 11, request).responses().get(0)
                    .partitions();
            assertEquals(List.of("0:p0b0-0", "1:p0b1-0"), offsetsAndValues(records(parts.get(0))),
                    "partition max bytes allows two whole batches");
            assertEquals(List.of("0:p1b0-0"), offsetsAndValues(records(parts.get(1))),
                    "the response max bytes leaves room for one more");
        }
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {4, 12, 13})
    void offsetsOutsideTheLogAreOutOfRange(short version) throws IOException {
        TopicInfo topic = topic(1);
        PartitionLog log = log(topic, 0);
        for (int i = 0; i < 4; i++) {
            append(log, "r" + i, 1, 10, 1_000);
        }
        log.advanceLogStartOffset(2);
        try (RawConnection conn = connect()) {
            assertEquals(Errors.OFFSET_OUT_OF_RANGE.code(), only(send(conn, version,
                    fetchOne(topic.name(), id(topic), 0, 5, 1 << 20, 0, 1))).errorCode(), "past the end");
            FetchResponseData.PartitionData below = only(send(conn, version,
                    fetchOne(topic.name(), id(topic), 0, 1, 1 << 20, 0, 1)));
            assertEquals(Errors.OFFSET_OUT_OF_RANGE.code(), below.errorCode(), "below the log start");
            assertEquals(0, records(below).sizeInBytes());
            FetchResponseData.PartitionData atEnd = only(send(conn, version,
                    fetchOne(topic.name(), id(topic), 0, 4, 1 << 20, 0, 1)));
            assertEquals(Errors.NONE.code(), atEnd.errorCode(), "the log end offset is a valid place to wait");
            assertEquals(4, atEnd.highWatermark());
            assertEquals(version >= 5 ? 2 : -1, atEnd.logStartOffset());
        }
    }

    @Test
    void unknownTopicsPartitionsAndIdsGetTheirErrors() throws IOException {
        TopicInfo topic = topic(1);
        try (RawConnection conn = connect()) {
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), only(send(conn, (short) 11,
                    fetchOne("no-such-topic", Uuid.ZERO_UUID, 0, 0, 1 << 20, 0, 1))).errorCode());
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), only(send(conn, (short) 12,
                    fetchOne(topic.name(), Uuid.ZERO_UUID, 7, 0, 1 << 20, 0, 1))).errorCode());
            Uuid unknown = Uuid.randomUuid();
            FetchResponseData byId = send(conn, (short) 13, fetchOne("", unknown, 0, 0, 1 << 20, 0, 1));
            assertEquals(unknown, byId.responses().get(0).topicId());
            assertEquals(Errors.UNKNOWN_TOPIC_ID.code(), only(byId).errorCode());
        }
    }

    @Test
    void anErrorInOnePartitionAnswersAtOnceWithTheOthersRead() throws IOException {
        TopicInfo topic = topic(1);
        append(log(topic, 0), "x", 1, 10, 1_000);
        FetchRequestData request = fetchOne(topic.name(), id(topic), 0, 1, 1 << 20, 30_000, 1);
        request.topics().add(new FetchRequestData.FetchTopic().setTopic("missing")
                .setPartitions(new ArrayList<>(List.of(new FetchRequestData.FetchPartition().setPartition(0)))));
        try (RawConnection conn = connect()) {
            FetchResponseData response = send(conn, (short) 11, request);
            assertEquals(Errors.NONE.code(), response.responses().get(0).partitions().get(0).errorCode());
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                    response.responses().get(1).partitions().get(0).errorCode());
        }
    }

    @Test
    void sessionsAreDeclinedAndIncrementalFetchesSentBackToAFullOne() throws IOException {
        TopicInfo topic = topic(1);
        append(log(topic, 0), "s", 1, 10, 1_000);
        try (RawConnection conn = connect()) {
            FetchRequestData open = fetchOne(topic.name(), id(topic), 0, 0, 1 << 20, 0, 1).setSessionEpoch(0);
            FetchResponseData full = send(conn, (short) 12, open);
            assertEquals(0, full.sessionId(), "no session created");
            assertEquals(List.of("0:s-0"), offsetsAndValues(records(only(full))));
            FetchRequestData incremental = fetchOne(topic.name(), id(topic), 0, 1, 1 << 20, 0, 1)
                    .setSessionId(12345).setSessionEpoch(1);
            incremental.forgottenTopicsData().add(new FetchRequestData.ForgottenTopic().setTopic(topic.name())
                    .setPartitions(List.of(0)));
            FetchResponseData refused = send(conn, (short) 12, incremental);
            assertEquals(Errors.FETCH_SESSION_ID_NOT_FOUND.code(), refused.errorCode());
            assertTrue(refused.responses().isEmpty());
        }
    }

    @Test
    void readCommittedReadsLikeReadUncommittedWithAnEmptyAbortedList() throws IOException {
        TopicInfo topic = topic(1);
        append(log(topic, 0), "c", 2, 10, 1_000);
        try (RawConnection conn = connect()) {
            for (short version : new short[] {4, 12}) {
                FetchResponseData.PartitionData p = only(send(conn, version,
                        fetchOne(topic.name(), id(topic), 0, 0, 1 << 20, 0, 1).setIsolationLevel((byte) 1)));
                assertEquals(List.of(), p.abortedTransactions(), "v" + version);
                assertEquals(2, p.lastStableOffset());
                assertEquals(List.of("0:c-0", "1:c-1"), offsetsAndValues(records(p)));
            }
        }
    }

    @Test
    void aLeaderEpochOtherThanZeroIsRefusedAsKafkaWould() throws IOException {
        TopicInfo topic = topic(1);
        try (RawConnection conn = connect()) {
            FetchRequestData newer = fetchOne(topic.name(), id(topic), 0, 0, 1 << 20, 0, 1);
            newer.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(3);
            assertEquals(Errors.UNKNOWN_LEADER_EPOCH.code(), only(send(conn, (short) 12, newer)).errorCode());
            FetchRequestData current = fetchOne(topic.name(), id(topic), 0, 0, 1 << 20, 0, 1);
            current.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(0);
            assertEquals(Errors.NONE.code(), only(send(conn, (short) 12, current)).errorCode());
        }
    }
}
