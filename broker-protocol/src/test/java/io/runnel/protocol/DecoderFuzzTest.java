package io.runnel.protocol;

import io.runnel.protocol.oracle.GeneratedBytes;
import io.runnel.protocol.oracle.KafkaOracle;
import io.runnel.protocol.oracle.Mutant;
import io.runnel.protocol.oracle.Mutations;
import io.runnel.protocol.oracle.OracleMessage;
import io.runnel.protocol.oracle.RandomSchemaWriter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.ShortRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Property-based fuzzing of every decoder Runnel has: random bytes and damaged valid messages (truncated,
 * flipped, with bytes inserted or deleted, lengths and counts forged, varints made over-long) go to every
 * message decoder at every version and to the header readers. Each input must decode or be rejected with
 * {@link MalformedMessageException}, within {@link DecoderProbe#BOUND}; inputs that cannot be valid must be
 * rejected. jqwik prints the seed of a failing run; {@code -Drunnel.api=Name} narrows the APIs.
 */
class DecoderFuzzTest {
    private static final long MUTATION_SALT = 0x5eed_f00dL;

    @Provide
    Arbitrary<ApiVersionCase> cases() {
        return Arbitraries.of(ApiVersionCase.all());
    }

    @Property(tries = 3000)
    void randomBytesDecodeOrAreMalformed(@ForAll("cases") ApiVersionCase c, @ForAll @Size(max = 300) byte[] bytes) {
        String what = c + " on " + bytes.length + " random bytes";
        DecoderProbe.withinBound(DecoderProbe.BOUND, () -> what, () -> DecoderProbe.decode(c, bytes, what));
    }

    @Property(tries = 6000)
    void damagedMessagesDecodeOrAreMalformed(@ForAll("cases") ApiVersionCase c, @ForAll Mutations.Kind kind,
                                              @ForAll long seed) {
        OracleMessage message = OracleMessage.random(KafkaOracle.type(c.key().id()), c.direction(), c.version(), seed);
        Mutant mutant = Mutations.apply(kind, message.generated(), new Random(seed ^ MUTATION_SALT));
        String origin = "seed " + seed;
        DecoderProbe.withinBound(DecoderProbe.BOUND, () -> c + " " + origin + ", " + mutant.description(),
                () -> DecoderProbe.decode(c, mutant, origin));
    }

    @Property(tries = 1000)
    void requestHeadersDecodeOrAreMalformed(@ForAll @ShortRange(min = 1, max = 2) short version,
                                            @ForAll Mutations.Kind kind, @ForAll long seed) {
        GeneratedBytes header = RandomSchemaWriter.generate(RequestHeaderData.SCHEMAS[version], seed);
        Mutant mutant = Mutations.apply(kind, header, new Random(seed ^ MUTATION_SALT));
        String what = "request header v" + version + " seed " + seed + ", " + mutant.description();
        DecoderProbe.Outcome outcome = DecoderProbe.withinBound(DecoderProbe.BOUND, () -> what,
                () -> DecoderProbe.decodeRequestHeader(version, mutant.bytes(), what));
        if (mutant.mustBeMalformed()) {
            assertEquals(DecoderProbe.Outcome.MALFORMED, outcome, what);
        }
    }

    @Property(tries = 1000)
    void responseHeadersDecodeOrAreMalformed(@ForAll @ShortRange(min = 0, max = 1) short version,
                                             @ForAll Mutations.Kind kind, @ForAll long seed) {
        GeneratedBytes header = RandomSchemaWriter.generate(ResponseHeaderData.SCHEMAS[version], seed);
        Mutant mutant = Mutations.apply(kind, header, new Random(seed ^ MUTATION_SALT));
        String what = "response header v" + version + " seed " + seed + ", " + mutant.description();
        DecoderProbe.Outcome outcome = DecoderProbe.withinBound(DecoderProbe.BOUND, () -> what,
                () -> DecoderProbe.decodeResponseHeader(version, mutant.bytes(), what));
        if (mutant.mustBeMalformed()) {
            assertEquals(DecoderProbe.Outcome.MALFORMED, outcome, what);
        }
    }

    @Property(tries = 500)
    void randomBytesToHeaderReaders(@ForAll @Size(max = 64) byte[] bytes) {
        for (short v = 1; v <= 2; v++) {
            final short version = v;
            String what = "request header v" + v + " on " + bytes.length + " random bytes";
            DecoderProbe.withinBound(DecoderProbe.BOUND, () -> what,
                    () -> DecoderProbe.decodeRequestHeader(version, bytes, what));
        }
        for (short v = 0; v <= 1; v++) {
            final short version = v;
            String what = "response header v" + v + " on " + bytes.length + " random bytes";
            DecoderProbe.withinBound(DecoderProbe.BOUND, () -> what,
                    () -> DecoderProbe.decodeResponseHeader(version, bytes, what));
        }
    }
}
