package io.runnel.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExternalBootstrapTest {
    @Test
    void unsetOrBlankMeansEmbedded() {
        assertEquals(Optional.empty(), ExternalBootstrap.parse(null));
        assertEquals(Optional.empty(), ExternalBootstrap.parse(" "));
    }

    @Test
    void addressListsAreKeptInOrderWithoutSurroundingBlanks() {
        assertEquals(Optional.of("127.0.0.1:19092"), ExternalBootstrap.parse("127.0.0.1:19092"));
        assertEquals(Optional.of("kafka-1:9092,kafka-2:9093,[::1]:9094"),
                ExternalBootstrap.parse(" kafka-1:9092 , kafka-2:9093,[::1]:9094 "));
    }

    @Test
    void malformedValuesAreRejectedWithTheValueAndTheReason() {
        assertRejected("localhost", "'localhost' is not HOST:PORT");
        assertRejected(":9092", "':9092' is not HOST:PORT");
        assertRejected("::1:9092", "'::1:9092' is not HOST:PORT (an IPv6 host goes in brackets)");
        assertRejected("[]:9092", "'[]:9092' is not HOST:PORT");
        assertRejected("host:port", "'host:port' has no numeric port");
        assertRejected("host:0", "'host:0' has port 0, outside 1..65535");
        assertRejected("host:65536", "'host:65536' has port 65536, outside 1..65535");
        assertRejected("a:1,,b:2", "'' is not HOST:PORT");
    }

    private static void assertRejected(String value, String reason) {
        ExtensionConfigurationException e =
                assertThrows(ExtensionConfigurationException.class, () -> ExternalBootstrap.parse(value));
        assertTrue(e.getMessage().startsWith("runnel.test.bootstrap='" + value + "' must be HOST:PORT[,HOST:PORT...]: "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(reason), e.getMessage());
    }
}
