package io.runnel.broker.log;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flusher's threads when there is nothing to flush: parked until work or the close arrives (no timed
 * wake-ups, which would cost an idle broker CPU), and ended by {@link Flusher#close()}. Their flushing itself is
 * covered by {@link GroupCommitTest}.
 */
class FlusherTest {

    @Test
    void idleFlushersWaitWithoutATimeoutAndCloseEndsThem() {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Flusher flusher = new Flusher(2);
        List<Thread> flushers;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> startedSince(before).size() == 2
                    && startedSince(before).stream().allMatch(t -> t.getState() == Thread.State.WAITING));
            flushers = startedSince(before);
        } finally {
            flusher.close();
        }
        assertEquals(2, flushers.size());
        for (Thread t : flushers) {
            assertTrue(t.getName().startsWith("runnel-log-flusher-"), t.getName());
            assertTrue(!t.isAlive(), t.getName() + " still runs after close");
        }
    }

    private static List<Thread> startedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith("runnel-log-flusher-"))
                .toList();
    }
}
