package io.runnel.broker.coordinator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named timers: they fire on the coordinator thread, a new schedule replaces the old, cancelled ones stay silent. */
class CoordinatorTimersTest {

    @Test
    void timersFireInDeadlineOrderOnTheCoordinatorThreadAndAreReplacedByName() throws Exception {
        ManualCoordinatorClock clock = new ManualCoordinatorClock(1_000);
        try (CoordinatorRuntime runtime = new CoordinatorRuntime("timer-test", clock,
                () -> new IllegalStateException("closed"))) {
            CoordinatorTimers<String> timers = new CoordinatorTimers<>(runtime);
            List<String> fired = new CopyOnWriteArrayList<>();
            runtime.call(() -> {
                timers.schedule("session-a", 300, () -> fired.add("a@" + timers.nowMs() + " on "
                        + Thread.currentThread().getName()));
                timers.schedule("session-b", 100, () -> fired.add("b@" + timers.nowMs()));
                timers.schedule("session-c", 200, () -> fired.add("c"));
                timers.schedule("session-b", 250, () -> fired.add("b again@" + timers.nowMs()));
                timers.cancel("session-c");
                return null;
            }).get(10, TimeUnit.SECONDS);
            assertTrue(runtime.call(() -> timers.isScheduled("session-a")).get(10, TimeUnit.SECONDS));
            assertFalse(runtime.call(() -> timers.isScheduled("session-c")).get(10, TimeUnit.SECONDS));

            clock.advance(1_000, () -> settle(runtime));
            assertEquals(List.of("b again@1250", "a@1300 on runnel-timer-test"), fired);
            assertFalse(runtime.call(() -> timers.isScheduled("session-a")).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTimerReplacedAfterItsClockFiredItDoesNothing() throws Exception {
        ManualCoordinatorClock clock = new ManualCoordinatorClock(0);
        try (CoordinatorRuntime runtime = new CoordinatorRuntime("timer-test", clock,
                () -> new IllegalStateException("closed"))) {
            CoordinatorTimers<String> timers = new CoordinatorTimers<>(runtime);
            List<String> fired = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> gate = new CompletableFuture<>();
            runtime.call(() -> {
                timers.schedule("join", 10, () -> fired.add("stale"));
                return null;
            }).get(10, TimeUnit.SECONDS);
            // Hold the coordinator thread so the clock's hand-over queues behind the replacement.
            runtime.execute(gate::join);
            runtime.execute(() -> timers.schedule("join", 5, () -> fired.add("current")));
            clock.advance(10, () -> { });
            gate.complete(null);
            settle(runtime);
            assertEquals(List.of(), fired);
            clock.advance(5, () -> settle(runtime));
            assertEquals(List.of("current"), fired);
        }
    }

    @Test
    void onTheSystemClockATimerFiresAndCancelAllSilencesTheRest() throws Exception {
        try (CoordinatorRuntime runtime = new CoordinatorRuntime("timer-test", null,
                () -> new IllegalStateException("closed"))) {
            CoordinatorTimers<String> timers = new CoordinatorTimers<>(runtime);
            List<String> fired = new CopyOnWriteArrayList<>();
            runtime.call(() -> {
                timers.schedule("soon", 20, () -> fired.add("soon"));
                timers.schedule("later", 60_000, () -> fired.add("later"));
                return null;
            }).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> fired.contains("soon"));
            runtime.call(() -> {
                timers.cancelAll();
                return null;
            }).get(10, TimeUnit.SECONDS);
            assertFalse(runtime.call(() -> timers.isScheduled("later")).get(10, TimeUnit.SECONDS));
            assertEquals(List.of("soon"), fired);
        }
    }

    private static void settle(CoordinatorRuntime runtime) {
        try {
            for (int i = 0; i < 3; i++) {
                runtime.call(() -> null).get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
