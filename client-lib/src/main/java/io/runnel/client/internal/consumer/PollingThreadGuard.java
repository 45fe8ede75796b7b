package io.runnel.client.internal.consumer;

import io.runnel.client.ConcurrentConsumerUseException;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Detects a consumer used by two threads at once, as Kafka's consumer does: each public method enters and leaves;
 * a thread entering while another is inside gets {@link ConcurrentConsumerUseException}. Re-entrant for the thread
 * inside, so a rebalance listener may call the consumer from within {@code poll}.
 */
public final class PollingThreadGuard {
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private int depth;

    /** @throws ConcurrentConsumerUseException naming both threads when another thread is inside */
    public void enter() {
        Thread me = Thread.currentThread();
        Thread current = owner.get();
        if (current != me && !owner.compareAndSet(null, me)) {
            Thread other = owner.get();
            throw new ConcurrentConsumerUseException("RunnelConsumer is not safe for use by several threads: "
                    + me.getName() + " called it while " + (other == null ? "another thread" : other.getName())
                    + " is inside a call (only wakeup() may be called from any thread)");
        }
        depth++;
    }

    public void leave() {
        if (--depth == 0) {
            owner.set(null);
        }
    }
}
