package io.runnel.broker.network;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.runnel.broker.thread.BrokerThreads;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Netty's thread factory (daemon threads running Netty's fast thread-locals) with the broker's names:
 * {@code runnel-<role>} for a group of one thread, {@code runnel-<role>-<n>} from 0 otherwise. It remembers its
 * threads, so that shutdown can wait until each one has really exited rather than only until its event loop
 * reported termination. Netty starts and stops the threads; they are not agents.
 */
final class EventLoopThreadFactory extends DefaultThreadFactory {
    private final String role;
    private final boolean numbered;
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /**
     * @param role     the role in the thread names
     * @param numbered whether the group has several threads, each named with its index
     */
    EventLoopThreadFactory(String role, boolean numbered) {
        super(BrokerThreads.PREFIX + role, true);
        this.role = role;
        this.numbered = numbered;
    }

    @Override
    protected Thread newThread(Runnable r, String nettyName) {
        String name = BrokerThreads.PREFIX + role + (numbered ? "-" + nextIndex.getAndIncrement() : "");
        Thread thread = super.newThread(r, name);
        threads.add(thread);
        return thread;
    }

    /** Waits up to {@code timeoutMillis} in total for every thread made here to exit; true when all did. */
    boolean awaitExit(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread thread : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return !thread.isAlive();
            }
            thread.join(left);
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
