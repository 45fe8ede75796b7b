package io.runnel.broker.produce;

import io.runnel.broker.testing.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProducerIdAllocatorTest {
    @TempDir
    Path dir;

    @Test
    void idsAreDenseWithinABlockAndTheFileIsWrittenBeforeABlockIsUsed() throws Exception {
        LinkedBlockingQueue<Runnable> io = new LinkedBlockingQueue<>();
        ProducerIdAllocator ids = new ProducerIdAllocator(dir, 3, io::add);
        CompletableFuture<Long> first = ids.nextId();
        assertFalse(first.isDone(), "the first block is reserved off the caller's thread");
        assertFalse(Files.exists(dir.resolve(ProducerIdAllocator.FILE_NAME)), "nothing read or written yet");
        io.take().run();
        assertEquals(0L, first.get());
        assertEquals("next.block.start=3", Files.readString(dir.resolve(ProducerIdAllocator.FILE_NAME)).trim());
        assertEquals(1L, ids.nextId().get());
        assertEquals(2L, ids.nextId().get());
        CompletableFuture<Long> fourth = ids.nextId();
        CompletableFuture<Long> fifth = ids.nextId();
        assertFalse(fourth.isDone());
        assertEquals(1, io.size(), "one reservation serves every waiter");
        io.take().run();
        assertEquals(Set.of(3L, 4L), Set.of(fourth.get(), fifth.get()));
        assertEquals("next.block.start=6", Files.readString(dir.resolve(ProducerIdAllocator.FILE_NAME)).trim());
        assertTrue(ids.mayHaveIssued(5));
        assertFalse(ids.mayHaveIssued(6));
        assertFalse(ids.mayHaveIssued(-1));
    }

    @Test
    void aRestartSkipsTheRestOfTheLastReservedBlockSoNoIdIsHandedOutTwice() throws Exception {
        ProducerIdAllocator before = new ProducerIdAllocator(dir, 10, Runnable::run);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 13; i++) {
            assertTrue(seen.add(before.nextId().get()));
        }
        // A crash right here: the next instance starts after the block 10..19 it had reserved.
        ProducerIdAllocator after = new ProducerIdAllocator(dir, 10, Runnable::run);
        long next = after.nextId().get();
        assertEquals(20L, next);
        assertTrue(seen.stream().allMatch(id -> id < next));
    }

    @Test
    void concurrentCallersNeverGetTheSameId() throws Exception {
        ExecutorService io = Executors.newSingleThreadExecutor();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            ProducerIdAllocator ids = new ProducerIdAllocator(dir, 7, io);
            List<CompletableFuture<Long>> all = new ArrayList<>();
            List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                submitted.add(callers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        CompletableFuture<Long> f = ids.nextId();
                        synchronized (all) {
                            all.add(f);
                        }
                    }
                }));
            }
            for (var f : submitted) {
                f.get(10, TimeUnit.SECONDS);
            }
            Set<Long> distinct = new HashSet<>();
            for (CompletableFuture<Long> f : all) {
                distinct.add(f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(200, distinct.size());
            assertEquals(199L, distinct.stream().mapToLong(Long::longValue).max().orElseThrow());
        } finally {
            callers.shutdownNow();
            io.shutdownNow();
        }
    }

    @Test
    void anUnwritableFileFailsTheRequestAndALaterCallTriesAgain() throws Exception {
        Path file = dir.resolve(ProducerIdAllocator.FILE_NAME);
        Files.writeString(file, "garbage\n");
        ProducerIdAllocator ids = new ProducerIdAllocator(dir, 5, Runnable::run);
        ExecutionException e = assertThrows(ExecutionException.class, () -> ids.nextId().get());
        assertTrue(e.getCause().getMessage().contains(file.toString()), e.getCause().getMessage());
        Files.writeString(file, "next.block.start=40\n");
        assertEquals(40L, ids.nextId().get());
    }

    @Test
    void theBrokersAllocatorReservesOnItsOwnNamedThreadWhichCloseStops() throws Exception {
        ProducerIdAllocator ids = ProducerIdAllocator.start(dir);
        try {
            assertTrue(Threads.brokerThreads().contains("runnel-producer-ids"), Threads.brokerThreads().toString());
            assertEquals(0L, ids.nextId().get(10, TimeUnit.SECONDS));
            assertEquals("next.block.start=" + ProducerIdAllocator.DEFAULT_BLOCK_SIZE,
                    Files.readString(dir.resolve(ProducerIdAllocator.FILE_NAME)).trim());
        } finally {
            ids.close();
        }
        assertFalse(Threads.brokerThreads().contains("runnel-producer-ids"), Threads.brokerThreads().toString());
        assertEquals(1L, ids.nextId().get(10, TimeUnit.SECONDS), "the reserved block outlives the thread");
    }
}
