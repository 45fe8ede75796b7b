package io.runnel.broker.coordinator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.LogManagerConfig;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A state topic over real partition logs: placement, durable writes, replay in order, and what stops a replay. */
class StateTopicTest {
    private static final StateTopic.Spec SPEC = new StateTopic.Spec("__test_state", 3, 1 << 20);

    @TempDir
    Path dataDir;
    private LogManager logs;

    /** A record of the test's own format: a key and a value, null for a tombstone. */
    record KeyValue(String key, String value) {
    }

    /** Key and value as int16-length UTF-8; a key longer than 100 bytes is refused as malformed. */
    static final StateRecordCodec<KeyValue> CODEC = new StateRecordCodec<>() {
        @Override
        public void writeKey(KeyValue record, ByteBuf out) {
            writeString(out, record.key());
        }

        @Override
        public boolean writeValue(KeyValue record, ByteBuf out) {
            if (record.value() == null) {
                return false;
            }
            writeString(out, record.value());
            return true;
        }

        @Override
        public KeyValue read(ByteBuf key, ByteBuf value) {
            String k = readString(key);
            if (k.length() > 100) {
                throw new MalformedMessageException("key of " + k.length() + " bytes");
            }
            return new KeyValue(k, value == null ? null : readString(value));
        }
    };

    @BeforeEach
    void open() {
        logs = LogManager.open(LogManagerConfig.defaults(dataDir));
    }

    @AfterEach
    void close() {
        logs.close();
    }

    @Test
    void keysArePlacedAsKafkaPlacesThem() {
        assertEquals(Math.abs("orders".hashCode()) % 50, StateTopic.partitionFor("orders", 50));
        // Kafka's Utils.abs maps Integer.MIN_VALUE to 0 where Math.abs would stay negative.
        String minHash = "polygenelubricants";
        assertEquals(Integer.MIN_VALUE, minHash.hashCode());
        assertEquals(0, StateTopic.partitionFor(minHash, 10));
    }

    @Test
    void theTopicIsCreatedCompactedAndKeepsItsPartitionCount() {
        StateTopic<KeyValue> topic = StateTopic.open(logs, SPEC, CODEC, () -> 1_000L);
        assertEquals(3, topic.partitions());
        TopicInfo info = logs.registry().get(SPEC.name());
        assertEquals(3, info.partitionCount());
        assertEquals("compact", info.configs().get("cleanup.policy"));
        assertEquals(Integer.toString(1 << 20), info.configs().get("segment.bytes"));

        StateTopic<KeyValue> reopened = StateTopic.open(logs, new StateTopic.Spec(SPEC.name(), 7, 1 << 20), CODEC,
                () -> 1_000L);
        assertEquals(3, reopened.partitions(), "the existing count decides placement");
    }

    @Test
    void writesAreDurableAndReplayInOrderWithTombstones() throws Exception {
        StateTopic<KeyValue> topic = StateTopic.open(logs, SPEC, CODEC, () -> 1_000L);
        CompletableFuture<Void> first = topic.write("g1", List.of(new KeyValue("g1/a", "1"), new KeyValue("g1/b", "2")));
        CompletableFuture<Void> second = topic.write("g1", List.of(new KeyValue("g1/a", null)));
        CompletableFuture<Void> other = topic.write("another-key", List.of(new KeyValue("another-key/x", "9")));
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        other.get(10, TimeUnit.SECONDS);
        assertTrue(topic.write("g1", List.of()).isDone(), "nothing to write");
        long written = 0;
        for (int p = 0; p < 3; p++) {
            written += logs.log(new TopicPartition(SPEC.name(), p)).logEndOffset();
        }
        assertEquals(4, written, "two batches of one and two records, and one more");

        logs.close();
        logs = LogManager.open(LogManagerConfig.defaults(dataDir));
        StateTopic<KeyValue> reopened = StateTopic.open(logs, SPEC, CODEC, () -> 2_000L);
        List<KeyValue> replayed = new ArrayList<>();
        assertEquals(4, reopened.replay(replayed::add));
        Map<String, String> latest = new LinkedHashMap<>();
        replayed.forEach(e -> {
            if (e.value() == null) {
                latest.remove(e.key());
            } else {
                latest.put(e.key(), e.value());
            }
        });
        assertEquals(Map.of("g1/b", "2", "another-key/x", "9"), latest);
        List<KeyValue> ofG1 = replayed.stream().filter(e -> e.key().startsWith("g1/")).toList();
        assertEquals(List.of(new KeyValue("g1/a", "1"), new KeyValue("g1/b", "2"), new KeyValue("g1/a", null)), ofG1,
                "one key's records come back in the order they were written");
    }

    @Test
    void aWriteToAPartitionThatIsGoneFails() {
        StateTopic<KeyValue> topic = StateTopic.open(logs, SPEC, CODEC, () -> 1_000L);
        logs.deleteTopic(SPEC.name());
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> topic.write("g1", List.of(new KeyValue("g1/a", "1"))).get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertTrue(failed.getCause().getMessage().contains(SPEC.name()), failed.getCause().getMessage());
    }

    @Test
    void aRecordThatCannotBeDecodedStopsTheReplayNamingWhere() throws Exception {
        StateTopic<KeyValue> topic = StateTopic.open(logs, SPEC, CODEC, () -> 1_000L);
        topic.write("k", List.of(new KeyValue("k", "fine"))).get(10, TimeUnit.SECONDS);
        TopicPartition tp = new TopicPartition(SPEC.name(), StateTopic.partitionFor("k", 3));
        appendRaw(logs.log(tp), "k".repeat(101), "bad");

        IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> topic.replay(e -> { }));
        assertTrue(stopped.getMessage().contains("offset 1 of " + tp), stopped.getMessage());
    }

    private static void appendRaw(PartitionLog log, String key, String value) throws Exception {
        ByteBuf k = Unpooled.buffer();
        ByteBuf v = Unpooled.buffer();
        writeString(k, key);
        writeString(v, value);
        try (RecordBatchBuilder builder = new RecordBatchBuilder(ByteBufAllocator.DEFAULT)) {
            builder.append(1_000L, k, v);
            ByteBuf batch = Unpooled.buffer(builder.uncompressedSizeInBytes());
            builder.writeTo(batch);
            log.whenDurable(log.append(batch).nextOffset()).get(10, TimeUnit.SECONDS);
            batch.release();
        } finally {
            k.release();
            v.release();
        }
    }

    private static void writeString(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length);
        out.writeBytes(bytes);
    }

    private static String readString(ByteBuf in) {
        int length = in.readShort();
        return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }
}
