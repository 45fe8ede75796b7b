package io.runnel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.MetadataResponse;
import io.runnel.protocol.message.RequestHeader;
import io.runnel.protocol.message.ResponseHeader;
import io.runnel.protocol.oracle.Direction;
import io.runnel.protocol.oracle.HexDump;
import io.runnel.protocol.oracle.KafkaOracle;
import io.runnel.protocol.oracle.KafkaStructSchemas;
import io.runnel.protocol.structure.MessageFiller;
import io.runnel.protocol.structure.StructFields;
import io.runnel.protocol.structure.StructureComparison;
import io.runnel.protocol.structure.ValueComparison;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.types.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the byte-level oracle ({@link MessageRoundTripTest}) cannot see: field names and the values of fields a
 * version does not carry. For every API in both directions and for the request and response headers, Runnel's
 * generated classes are held against kafka-clients' {@code *Data} classes:
 * <ol>
 * <li>the same fields by name, the same types and the same nested struct class names, recursively (Kafka fields
 * that no version in Runnel's range carries may be missing; Kafka's schemas say which);</li>
 * <li>a fresh instance of the message and of every nested struct has Kafka's default in every field;</li>
 * <li>in every version, Kafka's encoding of an all-default message, and of one with a default element in every
 * array at every depth, decodes in Runnel to Kafka's values and re-encodes to the same bytes, and Runnel's own
 * fresh message encodes to them too;</li>
 * <li>in every version, a message whose every carried field holds a value of its own decodes in Runnel with each
 * value under the same field name as in Kafka (a swapped or misnamed field would encode identically).</li>
 * </ol>
 * Two checks keep the checks honest: over Kafka's whole version range every field allowed missing is reported,
 * and a planted wrong value is reported with its struct path and field.
 * {@code -Drunnel.api=Metadata} narrows the APIs as in the other codec tests; the headers always run.
 */
class SchemaStructureTest {
    private static final int MAX_REPORTED = 60;

    /** Runnel's codec for one message class, from and to byte arrays. */
    interface RunnelSide {
        /** Decodes {@code bytes} whole and hands the message to {@code use}, releasing what it holds after. */
        <T> T decode(short version, byte[] bytes, Function<Object, T> use);

        byte[] encode(Object message, short version);
    }

    /**
     * A Runnel message class, its kafka-clients twin, Kafka's schemas of it (indexed by version), the versions
     * Runnel implements, and Runnel's codec for it.
     */
    record Pair(String label, Class<?> runnel, Class<? extends Message> kafka, Schema[] kafkaSchemas,
                short lowest, short highest, RunnelSide codec) {
        /** Kafka's schemas in Runnel's versions: what Runnel's class must mirror, and the versions checked. */
        KafkaStructSchemas schemas() {
            return KafkaStructSchemas.of(kafkaSchemas, lowest, highest);
        }

        Object newRunnel() {
            return StructFields.ofRunnel(runnel).newInstance();
        }

        Message newKafka() {
            return (Message) StructFields.ofKafka(kafka).newInstance();
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static List<Pair> messages() {
        List<Pair> pairs = new ArrayList<>();
        for (ApiKey key : ApiVersionCase.selectedKeys()) {
            ApiMessageType type = KafkaOracle.type(key.id());
            for (Direction direction : Direction.values()) {
                Schema[] schemas = direction == Direction.REQUEST ? type.requestSchemas() : type.responseSchemas();
                pairs.add(new Pair(key.apiName() + " " + direction.suffix().toLowerCase(),
                        runnelClass(key.apiName() + direction.suffix()),
                        KafkaOracle.newMessage(type, direction).getClass(), schemas, key.lowestVersion(),
                        key.highestVersion(), apiCodec(key, direction)));
            }
        }
        // Kafka 4.4 has no request header v0 (only ControlledShutdown v0 used it): Runnel's v0 has no oracle.
        pairs.add(new Pair("request header", RequestHeader.class, RequestHeaderData.class, RequestHeaderData.SCHEMAS,
                RequestHeader.LOWEST_VERSION, RequestHeader.HIGHEST_VERSION,
                headerCodec(RequestHeader::read, (h, buf, v) -> ((RequestHeader) h).write(buf, v))));
        pairs.add(new Pair("response header", ResponseHeader.class, ResponseHeaderData.class,
                ResponseHeaderData.SCHEMAS, ResponseHeader.LOWEST_VERSION, ResponseHeader.HIGHEST_VERSION,
                headerCodec(ResponseHeader::read, (h, buf, v) -> ((ResponseHeader) h).write(buf, v))));
        return pairs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void fieldsAndNestedStructsMatchKafka(Pair pair) {
        assertNoProblems(structure(pair).problems());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void freshInstancesHoldKafkasDefaults(Pair pair) {
        Set<String> problems = new LinkedHashSet<>();
        for (StructureComparison.StructPair struct : structure(pair).structs()) {
            problems.addAll(ValueComparison.compare(pair.label() + ", fresh instance", struct.path(),
                    StructFields.ofKafka(struct.kafka()).newInstance(),
                    StructFields.ofRunnel(struct.runnel()).newInstance()));
        }
        assertNoProblems(new ArrayList<>(problems));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void defaultMessagesDecodeToKafkasValuesAndReencodeIdentically(Pair pair) {
        List<String> problems = new ArrayList<>();
        for (short v : versions(pair)) {
            checkVersion(pair, v, "all defaults", pair.newKafka(), pair.newRunnel(), problems);
            Message kafka = pair.newKafka();
            Object runnel = pair.newRunnel();
            MessageFiller.addDefaultElements(kafka, runnel, pair.schemas().at(v));
            checkVersion(pair, v, "a default element in every array", kafka, runnel, problems);
        }
        assertNoProblems(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void distinctValuesLandInFieldsOfTheSameName(Pair pair) {
        List<String> problems = new ArrayList<>();
        for (short v : versions(pair)) {
            Message kafka = pair.newKafka();
            MessageFiller.fillDistinct(kafka, pair.schemas().at(v));
            checkVersion(pair, v, "a distinct value in every field", kafka, null, problems);
        }
        assertNoProblems(problems);
    }

    /**
     * The allowance for missing fields comes from the versions: over Kafka's whole range instead of Runnel's,
     * every Kafka field Runnel was allowed to lack is reported, with its struct path.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void fieldsAllowedMissingAreReportedOverKafkasWholeRange(Pair pair) {
        StructureComparison wide = StructureComparison.of(pair.label(), pair.runnel(), pair.kafka(),
                KafkaStructSchemas.of(pair.kafkaSchemas(), (short) 0, Short.MAX_VALUE));
        for (StructureComparison.MissingField missing : structure(pair).allowedMissing()) {
            boolean reported = wide.problems().stream().anyMatch(line -> line.startsWith(
                    pair.label() + ": " + missing.path() + " (") && line.contains(" field " + missing.field() + ": "));
            assertTrue(reported, pair.label() + ": Kafka field " + missing.path() + "." + missing.field()
                    + " is allowed missing in Runnel's versions yet not reported over Kafka's: " + wide.problems());
        }
    }

    @Test
    void valueComparisonNamesTheStructPathAndFieldThatDiffer() {
        MetadataResponseData kafka = new MetadataResponseData();
        kafka.topics().add(new MetadataResponseData.MetadataResponseTopic().setName("t")
                .setPartitions(new ArrayList<>(List.of(new MetadataResponseData.MetadataResponsePartition()))));
        MetadataResponse runnel = new MetadataResponse();
        runnel.topics().add(new MetadataResponse.MetadataResponseTopic().name("t")
                .partitions(new ArrayList<>(List.of(new MetadataResponse.MetadataResponsePartition()))));
        assertEquals(List.of(), ValueComparison.compare("Metadata response", kafka, runnel));

        runnel.topics().get(0).partitions().get(0).leaderEpoch(0);
        assertEquals(List.of("Metadata response: MetadataResponse.topics[0].partitions[0] (MetadataResponsePartition)"
                + " field leaderEpoch: Kafka -1 (Integer), Runnel 0 (Integer)"),
                ValueComparison.compare("Metadata response", kafka, runnel));
    }

    /**
     * Kafka encodes {@code kafka} at {@code v} (bytes K) and reads K back; Runnel must decode K to the same values,
     * re-encode K exactly, and encode {@code runnel} (when given) to K as well.
     */
    private static void checkVersion(Pair pair, short v, String what, Message kafka, Object runnel,
                                     List<String> problems) {
        String label = pair.label() + " v" + v + " (" + what + ")";
        byte[] expected = KafkaOracle.write(kafka, v);
        Message kafkaDecoded = KafkaOracle.read(pair.newKafka(), expected, v);
        byte[] reencoded;
        try {
            reencoded = pair.codec().decode(v, expected, decoded -> {
                problems.addAll(ValueComparison.compare(label + ", decoded", kafkaDecoded, decoded));
                return pair.codec().encode(decoded, v);
            });
        } catch (RuntimeException | AssertionError e) {
            problems.add(label + ": Runnel cannot decode Kafka's bytes: " + e + HexDump.window(expected, 0, 128));
            return;
        }
        if (!Arrays.equals(expected, reencoded)) {
            problems.add(label + ": Runnel's re-encoding differs from Kafka's bytes\n"
                    + HexDump.difference(expected, reencoded));
        }
        if (runnel != null) {
            byte[] own = pair.codec().encode(runnel, v);
            if (!Arrays.equals(expected, own)) {
                problems.add(label + ": Runnel's own message encodes differently from Kafka's\n"
                        + HexDump.difference(expected, own));
            }
        }
    }

    private static Iterable<Short> versions(Pair pair) {
        Iterable<Short> versions = pair.schemas().versions();
        assertTrue(versions.iterator().hasNext(), pair.label() + ": kafka-clients has a schema for none of versions "
                + pair.lowest() + "-" + pair.highest());
        return versions;
    }

    private static StructureComparison structure(Pair pair) {
        return StructureComparison.of(pair.label(), pair.runnel(), pair.kafka(), pair.schemas());
    }

    private static void assertNoProblems(List<String> problems) {
        if (problems.isEmpty()) {
            return;
        }
        List<String> shown = problems.subList(0, Math.min(problems.size(), MAX_REPORTED));
        fail(problems.size() + " problems:\n" + String.join("\n", shown)
                + (problems.size() > shown.size() ? "\n..." : ""));
    }

    private static Class<?> runnelClass(String simpleName) {
        try {
            return Class.forName("io.runnel.protocol.message." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Runnel generated no class " + simpleName, e);
        }
    }

    private static RunnelSide apiCodec(ApiKey key, Direction direction) {
        return new RunnelSide() {
            @Override
            public <T> T decode(short version, byte[] bytes, Function<Object, T> use) {
                return RunnelCodec.decode(key, direction, version, bytes, use::apply);
            }

            @Override
            public byte[] encode(Object message, short version) {
                return RunnelCodec.encode((ApiMessage) message, version);
            }
        };
    }

    private interface HeaderReader {
        Object read(ByteBuf buf, short version);
    }

    private interface HeaderWriter {
        void write(Object header, ByteBuf buf, short version);
    }

    private static RunnelSide headerCodec(HeaderReader reader, HeaderWriter writer) {
        return new RunnelSide() {
            @Override
            public <T> T decode(short version, byte[] bytes, Function<Object, T> use) {
                ByteBuf in = Unpooled.wrappedBuffer(bytes);
                try {
                    Object header = reader.read(in, version);
                    assertEquals(0, in.readableBytes(), "bytes Runnel left unread in a header v" + version);
                    return use.apply(header);
                } finally {
                    in.release();
                }
            }

            @Override
            public byte[] encode(Object header, short version) {
                ByteBuf out = Unpooled.buffer();
                try {
                    writer.write(header, out, version);
                    return ByteBufUtil.getBytes(out);
                } finally {
                    out.release();
                }
            }
        };
    }
}
