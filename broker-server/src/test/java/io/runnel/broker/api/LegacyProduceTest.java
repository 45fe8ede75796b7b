package io.runnel.broker.api;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.RawConnection;
import io.runnel.broker.topic.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.runnel.broker.api.ProduceSupport.batch;
import static io.runnel.broker.api.ProduceSupport.only;
import static io.runnel.broker.api.ProduceSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Produce v0-2: advertised (as Kafka 4 does, for old librdkafka) but answered UNSUPPORTED_VERSION per partition.
 * Requests and responses are written and read here byte by byte from the protocol guide's layouts, since neither
 * kafka-clients 4 nor the generated codec has these versions.
 */
class LegacyProduceTest {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start();
        broker.broker().logs().createTopic("legacy", 2, Map.of());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /**
     * A whole v0-2 Produce frame: request header v1 (api key, version, correlation id, client id), then acks,
     * timeout, [topic name, [partition index, message set bytes]].
     */
    private static byte[] legacyFrame(int version, int correlationId, int acks, String topic, int... partitions)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(0);
        out.writeShort(version);
        out.writeInt(correlationId);
        writeString(out, "legacy-client");
        out.writeShort(acks);
        out.writeInt(30_000);
        out.writeInt(1);
        writeString(out, topic);
        out.writeInt(partitions.length);
        for (int p : partitions) {
            out.writeInt(p);
            // A v1 message set of one message: offset, size, crc, magic 1, attributes, timestamp, key -1, value.
            byte[] message = ByteBuffer.allocate(8 + 4 + 4 + 1 + 1 + 8 + 4 + 4 + 2)
                    .putLong(0).putInt(4 + 1 + 1 + 8 + 4 + 4 + 2).putInt(0).put((byte) 1).put((byte) 0)
                    .putLong(1_000).putInt(-1).putInt(2).put("hi".getBytes(StandardCharsets.UTF_8)).array();
            out.writeInt(message.length);
            out.write(message);
        }
        return RawConnection.withSize(bytes.toByteArray());
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer b) {
        byte[] s = new byte[b.getShort()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void everyPartitionIsAnsweredUnsupportedVersionInTheVersionsOwnLayout(int version) throws IOException {
        try (RawConnection raw = new RawConnection("127.0.0.1", broker.port())) {
            raw.write(legacyFrame(version, 77, 1, "legacy", 1, 0));
            ByteBuffer r = raw.readFrame();
            assertEquals(77, r.getInt(), "response header v0: the correlation id only");
            assertEquals(1, r.getInt());
            assertEquals("legacy", readString(r));
            assertEquals(2, r.getInt());
            for (int expected : new int[]{1, 0}) {
                assertEquals(expected, r.getInt());
                assertEquals(Errors.UNSUPPORTED_VERSION.code(), r.getShort());
                assertEquals(-1L, r.getLong(), "base offset");
                if (version >= 2) {
                    assertEquals(-1L, r.getLong(), "log append time");
                }
            }
            if (version >= 1) {
                assertEquals(0, r.getInt(), "throttle time");
            }
            assertFalse(r.hasRemaining(), r.remaining() + " bytes left");

            // The connection stays usable: a v3 request right after it is served.
            raw.write(RawConnection.frame(request(3, 1, "legacy", 0, batch(System.currentTimeMillis(), 1, "x")),
                    78));
            assertEquals(Errors.NONE.code(), only(ProduceTest.readProduce(raw, 3, 78)).errorCode());
        }
        assertEquals(0, broker.broker().logs().log(new TopicPartition("legacy", 1)).logEndOffset(),
                "nothing of a v" + version + " request is written");
    }

    @Test
    void acksZeroAtAnOldVersionClosesTheConnectionAsKafkaDoesForAnyAcksZeroError() throws IOException {
        try (RawConnection raw = new RawConnection("127.0.0.1", broker.port())) {
            raw.write(legacyFrame(2, 5, 0, "legacy", 0));
            assertTrue(raw.closedByPeer());
        }
    }

    @Test
    void anUndecodableOldBodyClosesTheConnection() throws IOException {
        byte[] frame = legacyFrame(2, 6, 1, "legacy", 0);
        byte[] cut = new byte[frame.length - 3];
        System.arraycopy(frame, 0, cut, 0, cut.length);
        ByteBuffer.wrap(cut).putInt(0, cut.length - 4);
        try (RawConnection raw = new RawConnection("127.0.0.1", broker.port())) {
            raw.write(cut);
            assertTrue(raw.closedByPeer());
        }
    }

    @Test
    void apiVersionsAdvertisesProduceFromVersionZeroAndInitProducerId() throws IOException {
        try (RawConnection raw = new RawConnection("127.0.0.1", broker.port())) {
            raw.write(RawConnection.apiVersionsFrame((short) 3, 1));
            var keys = raw.readApiVersions((short) 3, 1).data().apiKeys();
            assertEquals(0, keys.find((short) 0).minVersion());
            assertEquals(12, keys.find((short) 0).maxVersion());
            assertEquals(0, keys.find((short) 22).minVersion());
            assertEquals(5, keys.find((short) 22).maxVersion());
        }
    }
}
