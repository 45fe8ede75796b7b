package io.runnel.client.internal.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectBackoffTest {
    private static final long MS = 1_000_000L;

    @Test
    void waitDoublesFromTheInitialValueUpToTheCap() {
        ReconnectBackoff backoff = new ReconnectBackoff(50, 1000, () -> 0.5);
        long[] expected = {50, 100, 200, 400, 800, 1000, 1000};
        for (long wait : expected) {
            assertEquals(wait, backoff.recordFailure(0));
        }
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        assertEquals(80, new ReconnectBackoff(100, 1000, () -> 0.0).recordFailure(0));
        assertEquals(120, new ReconnectBackoff(100, 1000, () -> 0.999999).recordFailure(0));
    }

    @Test
    void attemptsWaitForTheBackoffAndSuccessResetsIt() {
        ReconnectBackoff backoff = new ReconnectBackoff(50, 1000, () -> 0.5);
        assertTrue(backoff.canAttempt(0));
        backoff.recordFailure(1000 * MS);
        assertFalse(backoff.canAttempt(1049 * MS));
        assertEquals(MS, backoff.remainingNanos(1049 * MS));
        assertTrue(backoff.canAttempt(1050 * MS));
        backoff.recordFailure(2000 * MS);
        assertEquals(2, backoff.failures());
        backoff.recordSuccess();
        assertTrue(backoff.canAttempt(2000 * MS));
        assertEquals(50, backoff.recordFailure(3000 * MS));
    }
}
