package io.runnel.client.internal.producer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolTest {
    private final BufferPool pool = new BufferPool(1000, PooledByteBufAllocator.DEFAULT);

    @Test
    void countsWhatIsTakenAndGivenBack() throws Exception {
        ByteBuf a = pool.allocate(400, 0);
        assertEquals(400, a.maxCapacity());
        assertTrue(pool.reserve(500, 0));
        assertEquals(100, pool.availableMemory());
        pool.deallocate(a);
        pool.release(500);
        assertEquals(1000, pool.availableMemory());
        assertEquals(0, a.refCnt(), "the buffer itself is released");
    }

    @Test
    void zeroMaxBlockFailsAtOnceWhenFull() throws Exception {
        ByteBuf a = pool.allocate(900, 0);
        assertNull(pool.allocate(200, 0));
        assertFalse(pool.reserve(200, 0));
        assertEquals(100, pool.availableMemory(), "a failed attempt takes nothing");
        pool.deallocate(a);
    }

    @Test
    void positiveMaxBlockFailsAfterWaitingWhenNothingComesBack() throws Exception {
        ByteBuf a = pool.allocate(900, 0);
        assertNull(pool.allocate(200, TimeUnit.MILLISECONDS.toNanos(50)));
        assertFalse(pool.hasWaiters());
        pool.deallocate(a);
    }

    @Test
    void aWaiterGetsMemoryThatComesBackWithinItsMaxBlock() throws Exception {
        ByteBuf a = pool.allocate(900, 0);
        CompletableFuture<ByteBuf> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.allocate(500, TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(pool::hasWaiters);
        assertFalse(waiting.isDone());
        pool.deallocate(a);
        ByteBuf b = waiting.get(10, TimeUnit.SECONDS);
        assertNotNull(b);
        assertEquals(500, pool.availableMemory());
        pool.deallocate(b);
    }

    @Test
    void overdrawNeverWaitsAndIsPaidBack() {
        ByteBuf a = pool.allocateOverdrawn(900);
        ByteBuf b = pool.allocateOverdrawn(300);
        assertEquals(-200, pool.availableMemory());
        pool.deallocate(a);
        pool.deallocate(b);
        assertEquals(1000, pool.availableMemory());
    }

    @Test
    void moreThanTheWholeBudgetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(1001, 0));
    }

    @Test
    void closeWakesWaitersWithAnError() throws Exception {
        ByteBuf a = pool.allocate(900, 0);
        CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                pool.allocate(500, TimeUnit.SECONDS.toNanos(30));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(pool::hasWaiters);
        pool.close();
        assertTrue(waiting.get(10, TimeUnit.SECONDS) instanceof IllegalStateException);
        pool.deallocate(a);
    }
}
