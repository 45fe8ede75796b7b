package io.runnel.broker.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InheritedSignalsTest {

    /** A shell started with SIGINT ignored ('trap "" INT') reports it in SigIgn; SIGTERM stays caught. */
    @Test
    void readsTheIgnoredMaskAsAChildWouldInheritIt() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "trap '' INT; grep SigIgn /proc/$$/status").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(InheritedSignals.isIgnored(List.of("Name:\tsh", line), 2), line);
        assertFalse(InheritedSignals.isIgnored(List.of("Name:\tsh", line), 15), line);
        assertFalse(InheritedSignals.isIgnored(List.of("Name:\tsh"), 2));
    }
}
