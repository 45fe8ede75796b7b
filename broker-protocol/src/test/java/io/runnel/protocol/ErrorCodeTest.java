package io.runnel.protocol;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ErrorCode against kafka-clients' own table, in both directions. */
class ErrorCodeTest {

    @Test
    void everyKafkaErrorIsInTheTableWithTheSameNameAndRetriability() {
        for (Errors kafka : Errors.values()) {
            assertTrue(ErrorCode.isKnown(kafka.code()), "missing code " + kafka.code() + " " + kafka.name());
            ErrorCode ours = ErrorCode.forCode(kafka.code());
            assertEquals(kafka.name(), ours.kafkaName(), "name of code " + kafka.code());
            assertEquals(kafka.code(), ours.code());
            assertEquals(kafka.exception() instanceof RetriableException, ours.isRetriable(),
                    "retriable flag of " + kafka.name());
        }
    }

    @Test
    void everyEntryOfTheTableExistsInKafka() {
        Set<Short> codes = new HashSet<>();
        for (ErrorCode ours : ErrorCode.values()) {
            assertTrue(codes.add(ours.code()), "duplicate code " + ours.code());
            Errors kafka = Errors.forCode(ours.code());
            assertEquals(ours.code(), kafka.code(), "Kafka does not define " + ours);
            assertEquals(kafka.name(), ours.name());
            assertSame(ours, ErrorCode.forCode(ours.code()));
        }
        assertEquals(Errors.values().length, ErrorCode.values().length);
    }

    @Test
    void knownValuesAndUnknownCodes() {
        assertEquals(2, ErrorCode.CORRUPT_MESSAGE.code());
        assertTrue(ErrorCode.CORRUPT_MESSAGE.isRetriable());
        assertEquals(87, ErrorCode.INVALID_RECORD.code());
        assertFalse(ErrorCode.INVALID_RECORD.isRetriable());
        assertEquals(-1, ErrorCode.UNKNOWN_SERVER_ERROR.code());
        assertSame(ErrorCode.NONE, ErrorCode.forCode((short) 0));
        assertFalse(ErrorCode.isKnown((short) 30_000));
        assertFalse(ErrorCode.isKnown((short) -2));
        assertSame(ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.forCode((short) 30_000));
        assertSame(ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.forCode(Short.MIN_VALUE));
    }
}
