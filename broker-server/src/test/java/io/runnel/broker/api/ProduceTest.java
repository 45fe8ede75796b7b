package io.runnel.broker.api;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.testing.RawConnection;
import io.runnel.broker.topic.TopicPartition;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static io.runnel.broker.api.ProduceSupport.Part;
import static io.runnel.broker.api.ProduceSupport.all;
import static io.runnel.broker.api.ProduceSupport.batch;
import static io.runnel.broker.api.ProduceSupport.forged;
import static io.runnel.broker.api.ProduceSupport.only;
import static io.runnel.broker.api.ProduceSupport.readLog;
import static io.runnel.broker.api.ProduceSupport.request;
import static io.runnel.broker.api.ProduceSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Produce on the wire, requests and responses encoded by kafka-clients: the non-flexible versions old librdkafka and
 * kafkajs send (v3, v7) and the flexible ones (v9, v12); per-partition results; acks 0, 1 and all.
 */
class ProduceTest {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static PartitionLog topic(String name, int partitions, Map<String, String> configs) {
        broker.broker().logs().createTopic(name, partitions, configs);
        return log(name, 0);
    }

    private static PartitionLog log(String topic, int partition) {
        return broker.broker().logs().log(new TopicPartition(topic, partition));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 7, 8, 9, 12})
    void batchesGetDenseOffsetsAndAreStoredAsSent(int version) throws Exception {
        String name = "dense-v" + version;
        PartitionLog log = topic(name, 1, Map.of());
        long ts = System.currentTimeMillis();
        try (OracleConnection c = new OracleConnection(broker)) {
            PartitionProduceResponse first = only(c.send(request(version, 1, name, 0, batch(ts, 2, "a"))));
            assertEquals(Errors.NONE.code(), first.errorCode());
            assertEquals(0, first.baseOffset());
            assertEquals(-1, first.logAppendTimeMs(), "CreateTime topics answer -1");
            assertEquals(version >= 5 ? 0 : -1, first.logStartOffset());
            PartitionProduceResponse second = only(c.send(request(version, -1, name, 0, batch(ts + 1, 3, "b"))));
            assertEquals(2, second.baseOffset());
        }
        List<ProduceSupport.Stored> stored = readLog(log);
        assertEquals(List.of("a0", "a1", "b0", "b1", "b2"), stored.stream().map(ProduceSupport.Stored::value).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), stored.stream().map(ProduceSupport.Stored::offset).toList());
        assertEquals("k2", stored.get(4).key());
        assertEquals(ts + 1, stored.get(4).timestamp());
    }

    @Test
    void eachPartitionGetsItsOwnResultInRequestOrderAndOnlyTheGoodOnesAreWritten() throws Exception {
        topic("mixed-a", 2, Map.of());
        topic("mixed-b", 1, Map.of());
        long ts = System.currentTimeMillis();
        var corrupt = forged(batch(ts, 1, "bad"), false, b -> b.put(b.limit() - 1, (byte) (b.get(b.limit() - 1) ^ 1)));
        try (OracleConnection c = new OracleConnection(broker)) {
            ProduceResponse response = c.send(request(7, 1, null,
                    new Part("mixed-a", 1, batch(ts, 1, "a1-")),
                    new Part("mixed-a", 7, batch(ts, 1, "nope")),
                    new Part("no-such-topic", 0, batch(ts, 1, "nope")),
                    new Part("mixed-b", 0, corrupt),
                    new Part("mixed-a", 0, batch(ts, 2, "a0-"))));
            List<PartitionProduceResponse> parts = all(response);
            assertEquals(List.of("mixed-a", "no-such-topic", "mixed-b"),
                    response.data().responses().stream().map(t -> t.name()).toList());
            assertEquals(List.of(1, 7, 0, 0, 0), parts.stream().map(PartitionProduceResponse::index).toList());
            assertEquals(List.of(Errors.NONE.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), Errors.NONE.code(),
                            Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), Errors.CORRUPT_MESSAGE.code()),
                    parts.stream().map(PartitionProduceResponse::errorCode).toList());
            assertEquals(List.of(0L, -1L, 0L, -1L, -1L),
                    parts.stream().map(PartitionProduceResponse::baseOffset).toList());
        }
        assertEquals(List.of("a0-0", "a0-1"), values(log("mixed-a", 0)));
        assertEquals(List.of("a1-0"), values(log("mixed-a", 1)));
        assertEquals(0, log("mixed-b", 0).logEndOffset());
    }

    @Test
    void logAppendTimeTopicsAnswerWithTheBrokersTimeAndStoreIt() throws Exception {
        PartitionLog log = topic("append-time", 1, Map.of("message.timestamp.type", "LogAppendTime"));
        long before = System.currentTimeMillis();
        PartitionProduceResponse r;
        try (OracleConnection c = new OracleConnection(broker)) {
            // A producer timestamp far outside any bound does not matter: the broker replaces it.
            r = only(c.send(request(9, 1, "append-time", 0, batch(1_000, 2, "t"))));
        }
        long after = System.currentTimeMillis();
        assertEquals(Errors.NONE.code(), r.errorCode());
        assertTrue(r.logAppendTimeMs() >= before && r.logAppendTimeMs() <= after, r.toString());
        for (ProduceSupport.Stored s : readLog(log)) {
            assertEquals(r.logAppendTimeMs(), s.timestamp());
        }
    }

    @Test
    void invalidAcksAreRefusedForEveryPartition() throws Exception {
        PartitionLog log = topic("bad-acks", 1, Map.of());
        try (OracleConnection c = new OracleConnection(broker)) {
            PartitionProduceResponse r = only(c.send(request(9, 2, "bad-acks", 0,
                    batch(System.currentTimeMillis(), 1, "x"))));
            assertEquals(Errors.INVALID_REQUIRED_ACKS.code(), r.errorCode());
        }
        assertEquals(0, log.logEndOffset());
    }

    @Test
    void clientsMayNotWriteInternalTopics() throws Exception {
        // __consumer_offsets exists from start-up: the group coordinator stores offsets in it.
        try (OracleConnection c = new OracleConnection(broker)) {
            PartitionProduceResponse r = only(c.send(request(9, 1, "__consumer_offsets", 0,
                    batch(System.currentTimeMillis(), 1, "x"))));
            assertEquals(Errors.INVALID_TOPIC_EXCEPTION.code(), r.errorCode());
        }
        assertEquals(0, log("__consumer_offsets", 0).logEndOffset());
    }

    @Test
    void acksZeroGetsNoResponseAndTheNextResponseIsTheNextRequests() throws IOException {
        PartitionLog log = topic("acks-zero", 1, Map.of());
        long ts = System.currentTimeMillis();
        ProduceRequest silent = request(7, 0, "acks-zero", 0, batch(ts, 1, "silent"));
        ProduceRequest answered = request(7, 1, "acks-zero", 0, batch(ts, 1, "answered"));
        try (RawConnection raw = new RawConnection("127.0.0.1", broker.port())) {
            raw.write(RawConnection.concat(RawConnection.frame(silent, 11), RawConnection.frame(answered, 12)));
            ProduceResponse response = readProduce(raw, 7, 12);
            assertEquals(1, only(response).baseOffset(), "the acks=0 batch went first");
        }
        assertEquals(List.of("silent0", "answered0"), values(log));
    }

    @Test
    void acksZeroWithAnErrorClosesTheConnectionAfterEarlierResponses() throws IOException {
        PartitionLog log = topic("acks-zero-error", 1, Map.of());
        long ts = System.currentTimeMillis();
        ProduceRequest first = request(7, 1, "acks-zero-error", 0, batch(ts, 1, "first"));
        ProduceRequest failing = request(7, 0, "acks-zero-missing", 0, batch(ts, 1, "lost"));
        ProduceRequest after = request(7, 1, "acks-zero-error", 0, batch(ts, 1, "after"));
        try (RawConnection raw = new RawConnection("127.0.0.1", broker.port())) {
            raw.write(RawConnection.concat(RawConnection.frame(first, 1), RawConnection.frame(failing, 2),
                    RawConnection.frame(after, 3)));
            assertEquals(0, only(readProduce(raw, 7, 1)).baseOffset());
            assertTrue(raw.closedByPeer(), "the producer learns of the error by the connection closing");
        }
        assertEquals("first0", values(log).get(0));
    }

    @Test
    void acksAllIsAnsweredOnlyOnceTheBatchIsFsyncedAndAcksOneBeforeAnyFsync() throws Exception {
        PartitionLog log = topic("durable", 1, Map.of());
        long ts = System.currentTimeMillis();
        try (OracleConnection c = new OracleConnection(broker)) {
            long flushes = log.flushCount();
            PartitionProduceResponse one = only(c.send(request(9, 1, "durable", 0, batch(ts, 3, "one"))));
            assertEquals(0, one.baseOffset());
            // Nothing asked for an fsync: acks=1 is answered from the page cache.
            assertEquals(flushes, log.flushCount());
            assertTrue(log.durableOffset() < 3, "durable offset " + log.durableOffset());

            PartitionProduceResponse all = only(c.send(request(9, -1, "durable", 0, batch(ts, 2, "all"))));
            assertEquals(3, all.baseOffset());
            assertTrue(log.flushCount() > flushes, "an fsync ran before the answer");
            assertTrue(log.durableOffset() >= 5, "durable offset " + log.durableOffset());
        }
    }

    @Test
    void acksAllOnAnFsyncFreeBrokerIsAnsweredWithoutAFlush() throws Exception {
        try (EmbeddedBroker noFsync = EmbeddedBroker.builder().config("log.fsync.enable", "false").start()) {
            noFsync.broker().logs().createTopic("nofsync", 1, Map.of());
            PartitionLog log = noFsync.broker().logs().log(new TopicPartition("nofsync", 0));
            try (OracleConnection c = new OracleConnection(noFsync)) {
                PartitionProduceResponse r = only(c.send(request(12, -1, "nofsync", 0,
                        batch(System.currentTimeMillis(), 2, "x"))));
                assertEquals(Errors.NONE.code(), r.errorCode());
            }
            assertEquals(0, log.flushCount());
            assertEquals(List.of("x0", "x1"), values(log));
        }
    }

    static ProduceResponse readProduce(RawConnection raw, int version, int correlationId) throws IOException {
        ByteBuffer payload = raw.readFrame();
        ResponseHeader header = ResponseHeader.parse(payload, ApiKeys.PRODUCE.responseHeaderVersion((short) version));
        assertEquals(correlationId, header.correlationId());
        return ProduceResponse.parse(new ByteBufferAccessor(payload), (short) version);
    }
}
