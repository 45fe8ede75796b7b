package io.runnel.broker.log;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts open segment handles (one file descriptor and two memory maps each), for limits and for tests. */
final class OpenResourceCounter {
    private final AtomicInteger open = new AtomicInteger();

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }
}
