package io.runnel.broker.coordinator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coordinator event loop: one thread, arrival order, no request left unanswered, and an orderly close. */
class CoordinatorRuntimeTest {
    private static final String ROLE = "test-coordinator";

    private final List<CoordinatorRuntime> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(CoordinatorRuntime::close);
    }

    private CoordinatorRuntime runtime() {
        CoordinatorRuntime runtime = new CoordinatorRuntime(ROLE, new ManualCoordinatorClock(0),
                () -> new IllegalStateException("test coordinator is closed"));
        started.add(runtime);
        return runtime;
    }

    @Test
    void eventsRunOneAtATimeInArrivalOrderOnTheCoordinatorThread() throws Exception {
        CoordinatorRuntime runtime = runtime();
        List<Integer> order = new ArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            if (i % 3 == 0) {
                runtime.execute(() -> order.add(n));
                continue;
            }
            answers.add(runtime.call(() -> {
                threads.add(Thread.currentThread().getName());
                order.add(n);
                return n;
            }));
        }
        for (CompletableFuture<Integer> answer : answers) {
            answer.get(10, TimeUnit.SECONDS);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(i);
        }
        assertEquals(expected, runtime.call(() -> List.copyOf(order)).get(10, TimeUnit.SECONDS));
        assertEquals(List.of("runnel-" + ROLE), threads.stream().distinct().toList());
        assertTrue(runtime.call(runtime::inCoordinatorThread).get(10, TimeUnit.SECONDS));
        assertFalse(runtime.inCoordinatorThread());
    }

    @Test
    void aRequestWhoseHandlingThrowsAnErrorIsAnsweredAndTheNextRuns() throws Exception {
        CoordinatorRuntime runtime = runtime();
        CompletableFuture<String> broken = runtime.call(() -> {
            throw new StackOverflowError("deep in a handler");
        });
        ExecutionException failed = assertThrows(ExecutionException.class, () -> broken.get(10, TimeUnit.SECONDS));
        assertInstanceOf(StackOverflowError.class, failed.getCause());
        runtime.execute(() -> {
            throw new AssertionError("a timer that fails");
        });
        assertEquals("next", runtime.call(() -> "next").get(10, TimeUnit.SECONDS));
    }

    @Test
    void theLoadRunsOnTheCoordinatorThreadBeforeAnyRequest() throws Exception {
        CoordinatorRuntime runtime = runtime();
        List<String> loadedOn = new ArrayList<>();
        runtime.load(() -> loadedOn.add(Thread.currentThread().getName()));
        assertEquals(List.of("runnel-" + ROLE), loadedOn);

        CoordinatorRuntime failing = runtime();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> failing.load(() -> {
            throw new IllegalStateException("record at offset 7 of __test_state-0 is unreadable");
        }));
        assertTrue(thrown.getMessage().contains("offset 7"), thrown.getMessage());
        assertTrue(failing.isClosed(), "a failed load stops the runtime");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> failing.call(() -> "late").get(10, TimeUnit.SECONDS));
        assertEquals("test coordinator is closed", refused.getCause().getMessage());
    }

    @Test
    void writesCompleteOnTheCoordinatorThreadAndAStartThatThrowsFails() throws Exception {
        CoordinatorRuntime runtime = runtime();
        CompletableFuture<String> disk = new CompletableFuture<>();
        CompletableFuture<String> write = runtime.write(() -> disk);
        CompletableFuture<String> completedOn = write.thenApply(v -> v + "@" + Thread.currentThread().getName());
        new Thread(() -> disk.complete("durable"), "a-flusher").start();
        assertEquals("durable@runnel-" + ROLE, completedOn.get(10, TimeUnit.SECONDS));

        RuntimeException refused = new IllegalStateException("__test_state partition 2 does not exist");
        CompletableFuture<Void> failed = runtime.write(() -> {
            throw refused;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS));
        assertSame(refused, e.getCause());
    }

    @Test
    void closingRefusesRequestsRunsTheHookAndWaitsForPendingWrites() throws Exception {
        CoordinatorRuntime runtime = runtime();
        CompletableFuture<Void> disk = new CompletableFuture<>();
        List<CompletableFuture<String>> parkedOnThread = new ArrayList<>();
        CompletableFuture<String> committed = runtime.submit(out -> runtime.write(() -> disk)
                .thenRun(() -> out.complete("committed")));
        CompletableFuture<String> parked = runtime.submit(parkedOnThread::add);
        List<String> hookOn = new CopyOnWriteArrayList<>();

        Thread closer = new Thread(() -> runtime.close(() -> {
            hookOn.add(Thread.currentThread().getName());
            parkedOnThread.forEach(out -> out.complete("answered by the hook"));
        }), "closer");
        closer.start();
        await().atMost(Duration.ofSeconds(10)).until(runtime::isClosed);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> runtime.call(() -> "late").get(10, TimeUnit.SECONDS));
        assertEquals("test coordinator is closed", refused.getCause().getMessage());
        assertEquals("answered by the hook", parked.get(10, TimeUnit.SECONDS));
        assertFalse(committed.isDone(), "its write is still pending");
        assertTrue(closer.isAlive(), "close waits for the pending write");

        disk.complete(null);
        assertEquals("committed", committed.get(10, TimeUnit.SECONDS));
        closer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(closer.isAlive());
        assertEquals(List.of("runnel-" + ROLE), hookOn);
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("runnel-" + ROLE) && t.isAlive()), "the thread stopped");
    }
}
