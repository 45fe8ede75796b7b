package io.runnel.broker.api;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicPartition;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.runnel.broker.api.ProduceSupport.idempotent;
import static io.runnel.broker.api.ProduceSupport.only;
import static io.runnel.broker.api.ProduceSupport.request;
import static io.runnel.broker.api.ProduceSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** InitProducerId and idempotent Produce on the wire, across restarts of the broker on the same data directory. */
class IdempotentProduceTest {
    @TempDir
    Path dataDir;

    private EmbeddedBroker start() {
        EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir).start();
        if (broker.broker().logs().registry().get("idem") == null) {
            broker.broker().logs().createTopic("idem", 1, Map.of());
        }
        return broker;
    }

    private static PartitionLog log(EmbeddedBroker broker) {
        return broker.broker().logs().log(new TopicPartition("idem", 0));
    }

    static InitProducerIdResponseData init(OracleConnection c, int version, String transactionalId, long producerId,
                                           int epoch) {
        InitProducerIdRequestData data = new InitProducerIdRequestData().setTransactionalId(transactionalId)
                .setTransactionTimeoutMs(60_000).setProducerId(producerId).setProducerEpoch((short) epoch);
        InitProducerIdResponse response = c.send(new InitProducerIdRequest.Builder(data).build((short) version));
        return response.data();
    }

    private static PartitionProduceResponse produce(OracleConnection c, int version, long pid, int epoch, int seq,
                                                    int count) {
        return only(c.send(request(version, -1, "idem", 0, idempotent(pid, epoch, seq, count, "r"))));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void everyVersionHandsOutFreshIdsWithEpochZero(int version) throws Exception {
        try (EmbeddedBroker broker = start(); OracleConnection c = new OracleConnection(broker)) {
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                InitProducerIdResponseData r = init(c, version, null, -1, -1);
                assertEquals(Errors.NONE.code(), r.errorCode());
                assertEquals(0, r.producerEpoch());
                assertTrue(r.producerId() >= 0);
                ids.add(r.producerId());
            }
            assertEquals(3, ids.size(), ids.toString());
        }
    }

    @Test
    void aTransactionalIdGetsOneProducerIdWhoseEpochEachInitBumps() throws Exception {
        try (EmbeddedBroker broker = start(); OracleConnection c = new OracleConnection(broker)) {
            long pid = -1;
            int expectedEpoch = 0;
            for (int version : new int[]{0, 2, 5}) {
                InitProducerIdResponseData r = init(c, version, "my-txn", -1, -1);
                assertEquals(Errors.NONE.code(), r.errorCode());
                if (pid < 0) {
                    pid = r.producerId();
                }
                assertEquals(pid, r.producerId(), "one producer id per transactional id");
                assertEquals(expectedEpoch++, r.producerEpoch(), "each init fences the previous instance");
            }
        }
    }

    @Test
    void fromV3AKnownProducerGetsItsNextEpochWhichFencesTheOldOne() throws Exception {
        try (EmbeddedBroker broker = start(); OracleConnection c = new OracleConnection(broker)) {
            InitProducerIdResponseData first = init(c, 5, null, -1, -1);
            long pid = first.producerId();
            assertEquals(0, produce(c, 9, pid, 0, 0, 2).baseOffset());

            InitProducerIdResponseData bumped = init(c, 4, null, pid, 0);
            assertEquals(Errors.NONE.code(), bumped.errorCode());
            assertEquals(pid, bumped.producerId());
            assertEquals(1, bumped.producerEpoch());

            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(), produce(c, 9, pid, 1, 2, 1).errorCode(),
                    "a new epoch starts at sequence 0");
            assertEquals(2, produce(c, 9, pid, 1, 0, 1).baseOffset());
            assertEquals(Errors.INVALID_PRODUCER_EPOCH.code(), produce(c, 9, pid, 0, 2, 1).errorCode(),
                    "the old epoch is fenced");

            assertEquals(Errors.INVALID_REQUEST.code(), init(c, 3, null, pid, -1).errorCode());
            assertEquals(Errors.INVALID_REQUEST.code(), init(c, 3, null, -1, 4).errorCode());
            InitProducerIdResponseData stranger = init(c, 3, null, 1_000_000_000L, 3);
            assertTrue(stranger.producerId() != 1_000_000_000L && stranger.producerEpoch() == 0,
                    "an id this broker never gave out gets a fresh one: " + stranger);
            InitProducerIdResponseData exhausted = init(c, 3, null, pid, Short.MAX_VALUE - 1);
            assertTrue(exhausted.producerId() != pid && exhausted.producerEpoch() == 0, exhausted.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 7, 9, 12})
    void aRetriedBatchGetsItsOriginalOffsetAndAGapIsOutOfOrder(int version) throws Exception {
        try (EmbeddedBroker broker = start(); OracleConnection c = new OracleConnection(broker)) {
            long pid = init(c, 1, null, -1, -1).producerId();
            assertEquals(0, produce(c, version, pid, 0, 0, 3).baseOffset());
            assertEquals(3, produce(c, version, pid, 0, 3, 2).baseOffset());
            PartitionProduceResponse retry = produce(c, version, pid, 0, 0, 3);
            assertEquals(Errors.NONE.code(), retry.errorCode());
            assertEquals(0, retry.baseOffset(), "the original offset");
            assertEquals(3, produce(c, version, pid, 0, 3, 2).baseOffset());
            PartitionProduceResponse gap = produce(c, version, pid, 0, 6, 1);
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(), gap.errorCode());
            assertEquals(List.of("r0", "r1", "r2", "r3", "r4"), values(log(broker)), "nothing written twice");
            // An unknown producer may start anywhere (Kafka 4 accepts it rather than UNKNOWN_PRODUCER_ID).
            long other = init(c, 1, null, -1, -1).producerId();
            assertEquals(5, produce(c, version, other, 0, 40, 1).baseOffset());
        }
    }

    @Test
    void producerStateAndIdsSurviveARestartOnTheSameDataDirectory() throws Exception {
        long pid;
        try (EmbeddedBroker broker = start(); OracleConnection c = new OracleConnection(broker)) {
            pid = init(c, 4, null, -1, -1).producerId();
            for (int b = 0; b < 3; b++) {
                assertEquals(b * 2, produce(c, 9, pid, 0, b * 2, 2).baseOffset());
            }
        }
        try (EmbeddedBroker broker = start(); OracleConnection c = new OracleConnection(broker)) {
            PartitionProduceResponse retry = produce(c, 9, pid, 0, 4, 2);
            assertEquals(Errors.NONE.code(), retry.errorCode());
            assertEquals(4, retry.baseOffset(), "the retry after the restart is still recognised");
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(), produce(c, 9, pid, 0, 7, 1).errorCode());
            assertEquals(6, produce(c, 9, pid, 0, 6, 1).baseOffset());
            assertEquals(7, values(log(broker)).size());
            long next = init(c, 4, null, -1, -1).producerId();
            assertTrue(next > pid, "ids are never handed out twice: " + next + " after " + pid);
        }
    }
}
