package io.runnel.protocol;

import io.runnel.protocol.oracle.GeneratedBytes;
import io.runnel.protocol.oracle.KafkaOracle;
import io.runnel.protocol.oracle.Mutant;
import io.runnel.protocol.oracle.Mutations;
import io.runnel.protocol.oracle.OracleMessage;
import io.runnel.protocol.oracle.RandomSchemaWriter;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzzing of every decoder Runnel has: random bytes and damaged valid messages (truncated, flipped, with bytes
 * inserted or deleted, lengths and counts forged, varints made over-long) go to every message decoder at every
 * version and to the header readers. Each input must decode or be rejected with {@link MalformedMessageException},
 * within {@link DecoderProbe#BOUND}; inputs that cannot be valid must be rejected. Every case is drawn from a
 * seeded {@link Random} and its failure message names the seed, so a failure replays;
 * {@code -Drunnel.api=Name} narrows the APIs.
 */
class DecoderFuzzTest {
    private static final long MUTATION_SALT = 0x5eed_f00dL;
    private static final long SEED = Long.getLong("runnel.fuzz.seed", 0x72756e6e656cL);
    private static final Mutations.Kind[] KINDS = Mutations.Kind.values();

    private static byte[] randomBytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void randomBytesDecodeOrAreMalformed() {
        List<ApiVersionCase> cases = ApiVersionCase.all();
        Random random = new Random(SEED);
        for (int i = 0; i < 3000; i++) {
            ApiVersionCase c = cases.get(random.nextInt(cases.size()));
            byte[] bytes = randomBytes(random, 300);
            String what = c + " on " + bytes.length + " random bytes (try " + i + ", seed " + SEED + ")";
            DecoderProbe.withinBound(DecoderProbe.BOUND, () -> what, () -> DecoderProbe.decode(c, bytes, what));
        }
    }

    @Test
    void damagedMessagesDecodeOrAreMalformed() {
        List<ApiVersionCase> cases = ApiVersionCase.all();
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 6000; i++) {
            ApiVersionCase c = cases.get(random.nextInt(cases.size()));
            Mutations.Kind kind = KINDS[random.nextInt(KINDS.length)];
            long seed = random.nextLong();
            OracleMessage message = OracleMessage.random(KafkaOracle.type(c.key().id()), c.direction(), c.version(), seed);
            Mutant mutant = Mutations.apply(kind, message.generated(), new Random(seed ^ MUTATION_SALT));
            String origin = "seed " + seed;
            DecoderProbe.withinBound(DecoderProbe.BOUND, () -> c + " " + origin + ", " + mutant.description(),
                    () -> DecoderProbe.decode(c, mutant, origin));
        }
    }

    @Test
    void requestHeadersDecodeOrAreMalformed() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < 1000; i++) {
            short version = (short) (1 + random.nextInt(2));
            Mutations.Kind kind = KINDS[random.nextInt(KINDS.length)];
            long seed = random.nextLong();
            GeneratedBytes header = RandomSchemaWriter.generate(RequestHeaderData.SCHEMAS[version], seed);
            Mutant mutant = Mutations.apply(kind, header, new Random(seed ^ MUTATION_SALT));
            String what = "request header v" + version + " seed " + seed + ", " + mutant.description();
            DecoderProbe.Outcome outcome = DecoderProbe.withinBound(DecoderProbe.BOUND, () -> what,
                    () -> DecoderProbe.decodeRequestHeader(version, mutant.bytes(), what));
            if (mutant.mustBeMalformed()) {
                assertEquals(DecoderProbe.Outcome.MALFORMED, outcome, what);
            }
        }
    }

    @Test
    void responseHeadersDecodeOrAreMalformed() {
        Random random = new Random(SEED + 3);
        for (int i = 0; i < 1000; i++) {
            short version = (short) random.nextInt(2);
            Mutations.Kind kind = KINDS[random.nextInt(KINDS.length)];
            long seed = random.nextLong();
            GeneratedBytes header = RandomSchemaWriter.generate(ResponseHeaderData.SCHEMAS[version], seed);
            Mutant mutant = Mutations.apply(kind, header, new Random(seed ^ MUTATION_SALT));
            String what = "response header v" + version + " seed " + seed + ", " + mutant.description();
            DecoderProbe.Outcome outcome = DecoderProbe.withinBound(DecoderProbe.BOUND, () -> what,
                    () -> DecoderProbe.decodeResponseHeader(version, mutant.bytes(), what));
            if (mutant.mustBeMalformed()) {
                assertEquals(DecoderProbe.Outcome.MALFORMED, outcome, what);
            }
        }
    }

    @Test
    void randomBytesToHeaderReaders() {
        Random random = new Random(SEED + 4);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = randomBytes(random, 64);
            for (short v = 1; v <= 2; v++) {
                final short version = v;
                String what = "request header v" + v + " on " + bytes.length + " random bytes (try " + i + ")";
                DecoderProbe.withinBound(DecoderProbe.BOUND, () -> what,
                        () -> DecoderProbe.decodeRequestHeader(version, bytes, what));
            }
            for (short v = 0; v <= 1; v++) {
                final short version = v;
                String what = "response header v" + v + " on " + bytes.length + " random bytes (try " + i + ")";
                DecoderProbe.withinBound(DecoderProbe.BOUND, () -> what,
                        () -> DecoderProbe.decodeResponseHeader(version, bytes, what));
            }
        }
    }
}
