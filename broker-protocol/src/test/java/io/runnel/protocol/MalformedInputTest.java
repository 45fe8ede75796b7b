package io.runnel.protocol;

import io.runnel.protocol.oracle.KafkaOracle;
import io.runnel.protocol.oracle.LengthField;
import io.runnel.protocol.oracle.Mutant;
import io.runnel.protocol.oracle.Mutations;
import io.runnel.protocol.oracle.OracleMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Systematic bad input for every API, direction and version Runnel implements: every truncation point of a
 * valid message, and every length and count in it forged past the end of the input, to null where null is not
 * allowed, or into an over-long varint. Each must give {@link MalformedMessageException}; nothing may escape as
 * another exception, exhaust memory or hang.
 */
class MalformedInputTest {
    private static final int MESSAGES_PER_CASE = 2;
    private static final Duration CASE_BOUND = Duration.ofSeconds(30);

    static List<ApiVersionCase> cases() {
        return ApiVersionCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyTruncationIsMalformed(ApiVersionCase c) {
        DecoderProbe.withinBound(CASE_BOUND, c::toString, () -> {
            for (int i = 0; i < MESSAGES_PER_CASE; i++) {
                OracleMessage message = random(c, i);
                byte[] bytes = message.canonical();
                for (int length = 0; length < bytes.length; length++) {
                    Mutant mutant = Mutations.truncate(bytes, length);
                    assertEquals(DecoderProbe.Outcome.MALFORMED, DecoderProbe.decode(c, mutant, "seed " + message.seed()));
                }
            }
            return null;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forgedLengthsAndCountsAreRejected(ApiVersionCase c) {
        int mustFail = DecoderProbe.withinBound(CASE_BOUND, c::toString, () -> {
            int rejected = 0;
            for (int i = 0; i < MESSAGES_PER_CASE; i++) {
                OracleMessage message = random(c, i);
                byte[] bytes = message.generated().bytes();
                String origin = "seed " + message.seed();
                for (LengthField field : message.generated().lengthFields()) {
                    int after = bytes.length - field.offset() - field.width();
                    for (long value : new long[] {after + 1L, Integer.MAX_VALUE, 1 << 30, -1, -2, Integer.MIN_VALUE}) {
                        Mutant mutant = Mutations.forge(bytes, field, value);
                        DecoderProbe.decode(c, mutant, origin);
                        rejected += mutant.mustBeMalformed() ? 1 : 0;
                    }
                    if (field.encoding() == LengthField.Encoding.UNSIGNED_VARINT) {
                        DecoderProbe.decode(c, Mutations.overlong(bytes, field), origin);
                        rejected++;
                    }
                }
            }
            return rejected;
        });
        boolean hasLengths = false;
        for (int i = 0; i < MESSAGES_PER_CASE; i++) {
            hasLengths |= !random(c, i).generated().lengthFields().isEmpty();
        }
        assertTrue(!hasLengths || mustFail > 0, c + ": no forged length was one a decoder must reject");
    }

    private static OracleMessage random(ApiVersionCase c, int index) {
        return OracleMessage.random(KafkaOracle.type(c.key().id()), c.direction(), c.version(), c.seed(100 + index));
    }
}
