package io.runnel.broker.thread;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
