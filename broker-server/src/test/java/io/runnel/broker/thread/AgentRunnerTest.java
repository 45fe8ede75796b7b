package io.runnel.broker.thread;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentRunnerTest {

    @Test
    void lifecycleRunsOnOneThreadInOrderAndSurvivesFailures() {
        List<String> calls = new CopyOnWriteArrayList<>();
        AtomicInteger works = new AtomicInteger();
        Agent agent = new Agent() {
            @Override
            public String roleName() {
                return "test-lifecycle";
            }

            @Override
            public void onStart() {
                calls.add("start@" + Thread.currentThread().getName());
            }

            @Override
            public int doWork() {
                if (works.incrementAndGet() == 2) {
                    throw new IllegalStateException("second unit fails");
                }
                return 0;
            }

            @Override
            public long idleNanos() {
                return TimeUnit.MILLISECONDS.toNanos(1);
            }

            @Override
            public void onClose() {
                calls.add("close@" + Thread.currentThread().getName());
            }
        };
        AgentRunner runner = AgentRunner.start(agent);
        await().atMost(Duration.ofSeconds(10)).until(() -> works.get() > 3);
        runner.close();
        runner.close();
        assertFalse(runner.isAlive());
        assertEquals(List.of("start@runnel-test-lifecycle", "close@runnel-test-lifecycle"), calls);
    }

    @Test
    void closeAllTellsEveryRunnerToStopBeforeWaitingForAny() throws Exception {
        CountDownLatch secondClosed = new CountDownLatch(1);
        AtomicBoolean firstSawSecondClosed = new AtomicBoolean();
        Agent first = idleAgent("test-close-all-0", () -> {
            // The first one's close waits for the second's: one runner at a time would stall here.
            try {
                firstSawSecondClosed.set(secondClosed.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Agent second = idleAgent("test-close-all-1", secondClosed::countDown);
        List<AgentRunner> runners = List.of(AgentRunner.start(first), AgentRunner.start(second));
        AgentRunner.closeAll(runners);
        assertTrue(firstSawSecondClosed.get(), "the second runner was stopping while the first one closed");
        assertFalse(runners.get(0).isAlive());
        assertFalse(runners.get(1).isAlive());
    }

    private static Agent idleAgent(String role, Runnable onClose) {
        return new Agent() {
            @Override
            public String roleName() {
                return role;
            }

            @Override
            public int doWork() {
                return 0;
            }

            @Override
            public long idleNanos() {
                return TimeUnit.MILLISECONDS.toNanos(1);
            }

            @Override
            public void onClose() {
                onClose.run();
            }
        };
    }
}
