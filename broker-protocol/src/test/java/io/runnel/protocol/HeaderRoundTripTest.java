package io.runnel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.message.RequestHeader;
import io.runnel.protocol.message.ResponseHeader;
import io.runnel.protocol.oracle.HexDump;
import io.runnel.protocol.oracle.KafkaOracle;
import io.runnel.protocol.oracle.RandomSchemaWriter;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Request headers v1/v2 and response headers v0/v1 against kafka-clients' RequestHeaderData and
 * ResponseHeaderData: equal fields after decoding, identical bytes after encoding, unknown tags skipped, and
 * the reader stops exactly where the body begins.
 */
class HeaderRoundTripTest {
    private static final int SEEDS = 200;

    @ParameterizedTest(name = "request header v{0}")
    @ValueSource(shorts = {1, 2})
    void requestHeadersMatchKafka(short version) {
        for (long seed = 0; seed < SEEDS; seed++) {
            byte[] random = RandomSchemaWriter.generate(RequestHeaderData.SCHEMAS[version], seed).bytes();
            RequestHeaderData kafka = KafkaOracle.read(new RequestHeaderData(), random, version);
            byte[] canonical = KafkaOracle.write(kafka, version);
            String what = "request header v" + version + " seed " + seed;

            RequestHeader runnel = readWhole(canonical, b -> RequestHeader.read(b, version), what);
            assertEquals(kafka.requestApiKey(), runnel.requestApiKey(), what + ": api key");
            assertEquals(kafka.requestApiVersion(), runnel.requestApiVersion(), what + ": api version");
            assertEquals(kafka.correlationId(), runnel.correlationId(), what + ": correlation id");
            assertEquals(kafka.clientId(), runnel.clientId(), what + ": client id");
            assertSameBytes(canonical, write(runnel, (h, b) -> h.write(b, version)), what);
        }
    }

    @ParameterizedTest(name = "response header v{0}")
    @ValueSource(shorts = {0, 1})
    void responseHeadersMatchKafka(short version) {
        for (long seed = 0; seed < SEEDS; seed++) {
            byte[] random = RandomSchemaWriter.generate(ResponseHeaderData.SCHEMAS[version], seed).bytes();
            ResponseHeaderData kafka = KafkaOracle.read(new ResponseHeaderData(), random, version);
            byte[] canonical = KafkaOracle.write(kafka, version);
            String what = "response header v" + version + " seed " + seed;

            ResponseHeader runnel = readWhole(canonical, b -> ResponseHeader.read(b, version), what);
            assertEquals(kafka.correlationId(), runnel.correlationId(), what + ": correlation id");
            assertSameBytes(canonical, write(runnel, (h, b) -> h.write(b, version)), what);
        }
    }

    @Test
    void clientIdInRequestHeaderV2KeepsItsInt16Length() {
        RequestHeaderData kafka = new RequestHeaderData().setRequestApiKey((short) 3).setRequestApiVersion((short) 12)
                .setCorrelationId(7).setClientId("clé");
        byte[] expected = {0, 3, 0, 12, 0, 0, 0, 7, 0, 4, 'c', 'l', (byte) 0xc3, (byte) 0xa9, 0};
        assertArrayEquals(expected, KafkaOracle.write(kafka, (short) 2), "Kafka's own encoding");
        RequestHeader runnel = readWhole(expected, b -> RequestHeader.read(b, (short) 2), "header v2");
        assertEquals("clé", runnel.clientId());
        assertSameBytes(expected, write(runnel, (h, b) -> h.write(b, (short) 2)), "header v2 with client id");
    }

    @Test
    void nullClientIdIsMinusOneLength() {
        RequestHeaderData kafka = new RequestHeaderData().setRequestApiKey((short) 18).setCorrelationId(1)
                .setClientId(null);
        for (short version = 1; version <= 2; version++) {
            byte[] canonical = KafkaOracle.write(kafka, version);
            final short v = version;
            RequestHeader runnel = readWhole(canonical, b -> RequestHeader.read(b, v), "header v" + v);
            assertEquals(null, runnel.clientId());
            assertSameBytes(canonical, write(runnel, (h, b) -> h.write(b, v)), "header v" + v + " null client id");
        }
    }

    @Test
    void unknownTaggedFieldsInFlexibleHeadersAreSkipped() {
        RequestHeaderData request = new RequestHeaderData().setRequestApiKey((short) 1).setRequestApiVersion((short) 17)
                .setCorrelationId(99).setClientId("c");
        byte[] plainRequest = KafkaOracle.write(request, (short) 2);
        request.unknownTaggedFields().add(new RawTaggedField(5, "extra".getBytes(StandardCharsets.UTF_8)));
        request.unknownTaggedFields().add(new RawTaggedField(300, new byte[0]));
        RequestHeader runnelRequest = readWhole(KafkaOracle.write(request, (short) 2),
                b -> RequestHeader.read(b, (short) 2), "request header v2 with unknown tags");
        assertSameBytes(plainRequest, write(runnelRequest, (h, b) -> h.write(b, (short) 2)),
                "request header v2 after skipping unknown tags");

        ResponseHeaderData response = new ResponseHeaderData().setCorrelationId(-5);
        byte[] plainResponse = KafkaOracle.write(response, (short) 1);
        response.unknownTaggedFields().add(new RawTaggedField(0, new byte[] {1, 2, 3}));
        ResponseHeader runnelResponse = readWhole(KafkaOracle.write(response, (short) 1),
                b -> ResponseHeader.read(b, (short) 1), "response header v1 with unknown tags");
        assertSameBytes(plainResponse, write(runnelResponse, (h, b) -> h.write(b, (short) 1)),
                "response header v1 after skipping unknown tags");
    }

    @Test
    void headerReaderStopsWhereTheBodyBegins() {
        RequestHeaderData kafka = new RequestHeaderData().setRequestApiKey((short) 0).setRequestApiVersion((short) 9)
                .setCorrelationId(3).setClientId("producer-1");
        for (short version = 1; version <= 2; version++) {
            byte[] header = KafkaOracle.write(kafka, version);
            ByteBuf buf = Unpooled.buffer().writeBytes(header).writeBytes(new byte[] {0x7f, 0x7f, 0x7f, 0x7f});
            try {
                RequestHeader.read(buf, version);
                assertEquals(header.length, buf.readerIndex(), "request header v" + version + " end");
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void apiVersionsResponsesAlwaysUseResponseHeaderV0() {
        ApiKey apiVersions = ApiKey.forId((short) 18);
        for (short v = apiVersions.lowestVersion(); v <= apiVersions.highestVersion(); v++) {
            assertEquals(0, apiVersions.responseHeaderVersion(v), "ApiVersions v" + v);
            assertEquals(apiVersions.isFlexible(v) ? 2 : 1, apiVersions.requestHeaderVersion(v), "ApiVersions v" + v);
        }
    }

    private static <H> H readWhole(byte[] bytes, Function<ByteBuf, H> reader, String what) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            H header = reader.apply(buf);
            assertEquals(0, buf.readableBytes(), what + ": bytes left unread");
            return header;
        } finally {
            buf.release();
        }
    }

    private static <H> byte[] write(H header, BiConsumer<H, ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        try {
            writer.accept(header, buf);
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    private static void assertSameBytes(byte[] expected, byte[] actual, String what) {
        assertArrayEquals(expected, actual, () -> what + ": " + HexDump.difference(expected, actual));
    }
}
