package io.runnel.broker.thread;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskAgentTest {

    @Test
    void tasksRunInSubmissionOrderOnTheNamedThread() {
        TaskAgent agent = new TaskAgent("test-tasks");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (AgentRunner runner = AgentRunner.start(agent)) {
            for (int i = 0; i < 100; i++) {
                int n = i;
                agent.execute(() -> seen.add(Thread.currentThread().getName() + ":" + n));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 100);
            assertEquals("runnel-test-tasks", runner.threadName());
        }
        for (int i = 0; i < 100; i++) {
            assertEquals("runnel-test-tasks:" + i, seen.get(i));
        }
    }

    @Test
    void timersFireInDeadlineOrderWhenTheClockPasses() {
        AtomicLong now = new AtomicLong();
        TaskAgent agent = new TaskAgent("test-timers", now::get);
        List<String> fired = new CopyOnWriteArrayList<>();
        // Driven by hand: the runner is never started, doWork is called directly.
        agent.onStart();
        agent.schedule(() -> fired.add("b"), 20, TimeUnit.MILLISECONDS);
        agent.schedule(() -> fired.add("a"), 10, TimeUnit.MILLISECONDS);
        TaskAgent.Cancellable c = agent.schedule(() -> fired.add("cancelled"), 15, TimeUnit.MILLISECONDS);
        agent.doWork();
        assertTrue(fired.isEmpty());
        assertTrue(c.cancel());
        assertFalse(c.cancel());
        now.set(TimeUnit.MILLISECONDS.toNanos(15));
        agent.doWork();
        assertEquals(List.of("a"), fired);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(5), agent.idleNanos());
        now.set(TimeUnit.MILLISECONDS.toNanos(30));
        agent.doWork();
        assertEquals(List.of("a", "b"), fired);
    }

    @Test
    void periodicTimerRepeatsUntilCancelled() {
        AtomicLong now = new AtomicLong();
        TaskAgent agent = new TaskAgent("test-periodic", now::get);
        AtomicInteger runs = new AtomicInteger();
        agent.onStart();
        TaskAgent.Cancellable c = agent.scheduleWithFixedDelay(runs::incrementAndGet, 10, 10, TimeUnit.NANOSECONDS);
        for (int i = 1; i <= 5; i++) {
            now.addAndGet(10);
            agent.doWork();
            assertEquals(i, runs.get());
        }
        c.cancel();
        now.addAndGet(100);
        agent.doWork();
        assertEquals(5, runs.get());
    }

    @Test
    void aFailingTaskEvenAnErrorDoesNotStopTheNextOne() {
        TaskAgent agent = new TaskAgent("test-errors");
        CountDownLatch after = new CountDownLatch(1);
        try (AgentRunner runner = AgentRunner.start(agent)) {
            agent.execute(() -> {
                throw new IllegalStateException("boom");
            });
            agent.execute(() -> {
                throw new StackOverflowError("deep");
            });
            agent.execute(after::countDown);
            await().atMost(Duration.ofSeconds(10)).until(() -> after.getCount() == 0);
            assertTrue(runner.isAlive());
        }
    }

    @Test
    void closeRunsQueuedTasksThenRejectsNewOnes() throws InterruptedException {
        TaskAgent agent = new TaskAgent("test-close");
        CountDownLatch blocker = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        AgentRunner runner = AgentRunner.start(agent);
        agent.execute(() -> {
            try {
                blocker.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 10; i++) {
            agent.execute(ran::incrementAndGet);
        }
        Thread closer = new Thread(runner::close);
        closer.start();
        blocker.countDown();
        closer.join(10_000);
        assertFalse(runner.isAlive());
        assertEquals(10, ran.get());
        assertThrows(RejectedExecutionException.class, () -> agent.execute(ran::incrementAndGet));
    }
}
