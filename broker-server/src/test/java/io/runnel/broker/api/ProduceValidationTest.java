package io.runnel.broker.api;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.record.RecordBatch;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.runnel.broker.api.ProduceSupport.Part;
import static io.runnel.broker.api.ProduceSupport.all;
import static io.runnel.broker.api.ProduceSupport.batch;
import static io.runnel.broker.api.ProduceSupport.concat;
import static io.runnel.broker.api.ProduceSupport.forged;
import static io.runnel.broker.api.ProduceSupport.only;
import static io.runnel.broker.api.ProduceSupport.record;
import static io.runnel.broker.api.ProduceSupport.request;
import static io.runnel.broker.api.ProduceSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a Produce partition is refused, with Kafka's error code, and nothing of it written. */
class ProduceValidationTest {
    private static final long HOUR = 3_600_000L;
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.builder().config("message.max.bytes", "2000").start();
        broker.broker().logs().createTopic("plain", 1, Map.of());
        broker.broker().logs().createTopic("small", 1, Map.of("max.message.bytes", "200"));
        broker.broker().logs().createTopic("compacted", 1, Map.of("cleanup.policy", "compact"));
        broker.broker().logs().createTopic("recent", 1, Map.of("message.timestamp.before.max.ms", "60000"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static PartitionLog log(String topic) {
        return broker.broker().logs().log(new TopicPartition(topic, 0));
    }

    /** Sends one partition's records and checks the error and that nothing was appended. */
    private static PartitionProduceResponse refused(int version, String topic, MemoryRecords records, Errors error)
            throws Exception {
        long end = log(topic).logEndOffset();
        PartitionProduceResponse r;
        try (OracleConnection c = new OracleConnection(broker)) {
            r = only(c.send(request(version, 1, topic, 0, records)));
        }
        assertEquals(error.code(), r.errorCode(), r.toString());
        assertEquals(-1, r.baseOffset());
        assertEquals(end, log(topic).logEndOffset(), "nothing appended");
        if (version >= 8) {
            assertNotNull(r.errorMessage(), "v8+ says why");
        }
        return r;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 9})
    void aBadCrcIsCorrupt(int version) throws Exception {
        MemoryRecords flipped = forged(batch(now(), 2, "x"), false, b -> b.put(b.limit() - 2, (byte) 7));
        refused(version, "plain", flipped, Errors.CORRUPT_MESSAGE);
    }

    @Test
    void aBatchCutShortIsCorrupt() throws Exception {
        MemoryRecords whole = batch(now(), 2, "x");
        ByteBufferSlice cut = new ByteBufferSlice(whole, whole.sizeInBytes() - 5);
        refused(9, "plain", cut.records(), Errors.CORRUPT_MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 7, 12})
    void exactlyOneBatchPerPartition(int version) throws Exception {
        refused(version, "plain", concat(batch(now(), 1, "a"), batch(now(), 1, "b")), Errors.INVALID_RECORD);
        refused(version, "plain", MemoryRecords.EMPTY, Errors.INVALID_RECORD);
    }

    @Test
    void batchesLargerThanTheTopicOrBrokerLimitAreTooLarge() throws Exception {
        SimpleRecord big = new SimpleRecord(now(), null, new byte[300]);
        PartitionProduceResponse r = refused(9, "small", MemoryRecords.withRecords(Compression.NONE, big),
                Errors.MESSAGE_TOO_LARGE);
        assertTrue(r.errorMessage().contains("max.message.bytes=200"), r.errorMessage());
        // The broker-wide message.max.bytes (2000 here) is every other topic's limit.
        refused(9, "plain", MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(now(), null,
                new byte[2100])), Errors.MESSAGE_TOO_LARGE);
        try (OracleConnection c = new OracleConnection(broker)) {
            assertEquals(Errors.NONE.code(), only(c.send(request(9, 1, "plain", 0, MemoryRecords.withRecords(
                    Compression.NONE, new SimpleRecord(now(), null, new byte[1800]))))).errorCode());
        }
    }

    @Test
    void compactedTopicsRefuseRecordsWithoutAKeyAndSayWhich() throws Exception {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, record(now(), "k", "v"),
                record(now(), null, "no key"), record(now(), "k2", "v2"));
        PartitionProduceResponse r = refused(9, "compacted", records, Errors.INVALID_RECORD);
        assertEquals(1, r.recordErrors().size());
        assertEquals(1, r.recordErrors().get(0).batchIndex());
        assertTrue(r.recordErrors().get(0).batchIndexErrorMessage().contains("no key"));
        refused(3, "compacted", records, Errors.INVALID_RECORD);
        try (OracleConnection c = new OracleConnection(broker)) {
            assertEquals(Errors.NONE.code(), only(c.send(request(9, 1, "compacted", 0,
                    MemoryRecords.withRecords(Compression.NONE, record(now(), "k", null))))).errorCode(),
                    "a tombstone has a key");
        }
    }

    @Test
    void compressedBatchesOnCompactedTopicsAreNotDecompressedToCheckKeys() throws Exception {
        // The broker never decompresses: a gzip batch's keys are not seen (the compactor keeps such batches whole).
        MemoryRecords gzip = MemoryRecords.withRecords(Compression.gzip().build(), record(now(), null, "v"));
        try (OracleConnection c = new OracleConnection(broker)) {
            assertEquals(Errors.NONE.code(), only(c.send(request(9, 1, "compacted", 0, gzip))).errorCode());
        }
    }

    @Test
    void timestampsTooFarAheadAreRefusedByKafka4sOneHourDefault() throws Exception {
        PartitionProduceResponse r = refused(9, "plain", MemoryRecords.withRecords(Compression.NONE,
                record(now(), "a", "ok"), record(now() + 2 * HOUR, "b", "future")), Errors.INVALID_TIMESTAMP);
        assertEquals(1, r.recordErrors().get(0).batchIndex());
        assertTrue(r.errorMessage().contains("message.timestamp.after.max.ms=3600000"), r.errorMessage());
        // Far in the past is fine by default (before.max.ms is unlimited), and so is a little ahead.
        try (OracleConnection c = new OracleConnection(broker)) {
            assertEquals(Errors.NONE.code(), only(c.send(request(9, 1, "plain", 0, MemoryRecords.withRecords(
                    Compression.NONE, record(1_000, "old", "v"), record(now() + HOUR / 2, "soon", "v")))))
                    .errorCode());
        }
    }

    @Test
    void aTopicBoundOnPastTimestampsIsEnforcedPerRecordAndThroughTheHeaderWhenCompressed() throws Exception {
        refused(7, "recent", MemoryRecords.withRecords(Compression.NONE, record(now(), "a", "v"),
                record(now() - HOUR, "b", "v")), Errors.INVALID_TIMESTAMP);
        refused(7, "recent", MemoryRecords.withRecords(Compression.gzip().build(), record(now() - HOUR, "a", "v"),
                record(now(), "b", "v")), Errors.INVALID_TIMESTAMP);
        refused(9, "plain", MemoryRecords.withRecords(Compression.gzip().build(), record(now() + 3 * HOUR, "a", "v")),
                Errors.INVALID_TIMESTAMP);
    }

    @Test
    void clientsMayNotClaimLogAppendTimeOnCreateTimeTopics() throws Exception {
        MemoryRecords claimed = forged(batch(now(), 1, "x"), true,
                b -> b.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) (b.getShort(RecordBatch.ATTRIBUTES_OFFSET)
                        | RecordBatch.TIMESTAMP_TYPE_MASK)));
        refused(9, "plain", claimed, Errors.INVALID_TIMESTAMP);
    }

    @Test
    void controlBatchesAndNonZeroBaseOffsetsAreInvalidRecords() throws Exception {
        MemoryRecords control = forged(batch(now(), 1, "x"), true,
                b -> b.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) RecordBatch.CONTROL_FLAG_MASK));
        refused(9, "plain", control, Errors.INVALID_RECORD);
        // A real transaction marker is also transactional: refused as a transaction first, as Kafka does.
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(5, (short) 0,
                new EndTransactionMarker(ControlRecordType.COMMIT, 0));
        refused(9, "plain", marker, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        MemoryRecords offset = forged(batch(now(), 1, "x"), false, b -> b.putLong(0, 42));
        refused(9, "plain", offset, Errors.INVALID_RECORD);
    }

    @Test
    void zstdNeedsProduceV7() throws Exception {
        MemoryRecords zstd = forged(MemoryRecords.withRecords(Compression.gzip().build(), record(now(), "k", "v")),
                true, b -> b.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) 4));
        refused(6, "plain", zstd, Errors.UNSUPPORTED_COMPRESSION_TYPE);
        try (OracleConnection c = new OracleConnection(broker)) {
            // Stored as sent: the broker does not decompress, so it never notices the bytes are gzip.
            assertEquals(Errors.NONE.code(), only(c.send(request(7, 1, "plain", 0, zstd))).errorCode());
        }
    }

    @Test
    void transactionalBatchesWithoutATransactionalIdFailTheWholeRequest() throws Exception {
        MemoryRecords transactional = MemoryRecords.withTransactionalRecords(Compression.NONE, 7L, (short) 0, 0,
                record(now(), "k", "v"));
        long plainEnd = log("plain").logEndOffset();
        try (OracleConnection c = new OracleConnection(broker)) {
            ProduceResponse response = c.send(request(9, -1, null,
                    new Part("plain", 0, batch(now(), 1, "innocent")), new Part("compacted", 0, transactional)));
            for (PartitionProduceResponse r : all(response)) {
                assertEquals(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code(), r.errorCode());
                assertTrue(r.errorMessage().contains("transactional id"), r.errorMessage());
            }
        }
        assertEquals(plainEnd, log("plain").logEndOffset(), "not even the other partition is written");
    }

    @Test
    void aTransactionalBatchOfAnUnknownTransactionIsRefusedAndTheOtherPartitionsWritten() throws Exception {
        MemoryRecords transactional = MemoryRecords.withTransactionalRecords(Compression.NONE, 7L, (short) 0, 0,
                record(now(), "k", "v"));
        long plainEnd = log("plain").logEndOffset();
        long compactedEnd = log("compacted").logEndOffset();
        try (OracleConnection c = new OracleConnection(broker)) {
            ProduceResponse response = c.send(request(9, -1, "my-txn",
                    new Part("plain", 0, batch(now(), 1, "innocent")), new Part("compacted", 0, transactional)));
            List<PartitionProduceResponse> answers = all(response);
            assertEquals(Errors.NONE.code(), answers.get(0).errorCode());
            // The coordinator knows no transactional id "my-txn": KIP-890 verification refuses the write.
            assertEquals(Errors.INVALID_PRODUCER_ID_MAPPING.code(), answers.get(1).errorCode());
        }
        assertEquals(plainEnd + 1, log("plain").logEndOffset());
        assertEquals(compactedEnd, log("compacted").logEndOffset(), "the transactional batch is not written");
    }

    @Test
    void aTransactionalIdWithoutTransactionalBatchesIsServedAsKafkaDoes() throws Exception {
        try (OracleConnection c = new OracleConnection(broker)) {
            PartitionProduceResponse r = only(c.send(request(9, 1, "my-txn",
                    new Part("plain", 0, batch(now(), 1, "plain-with-txn-id")))));
            assertEquals(Errors.NONE.code(), r.errorCode());
            assertNull(r.errorMessage());
        }
        List<String> values = values(log("plain"));
        assertEquals("plain-with-txn-id0", values.get(values.size() - 1));
    }

    /** The first {@code length} bytes of some records, which are then no longer whole. */
    private record ByteBufferSlice(MemoryRecords whole, int length) {
        MemoryRecords records() {
            java.nio.ByteBuffer b = whole.buffer().duplicate();
            b.limit(length);
            return MemoryRecords.readableRecords(b.slice());
        }
    }
}
