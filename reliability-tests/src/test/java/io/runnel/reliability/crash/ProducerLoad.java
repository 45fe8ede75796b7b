package io.runnel.reliability.crash;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One producer writing {@code <name>:<sequence>} values to random partitions of a topic from its own thread, at a
 * bounded rate and with a bounded number of sends in flight, through broker kills and restarts. It remembers
 * where each acknowledged value was written, so the suite can check the log against it. A client that becomes
 * unusable (it threw from send) is closed and replaced.
 */
public final class ProducerLoad implements AutoCloseable {
    private static final int MAX_IN_FLIGHT = 256;
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final String name;
    private final ProducerKind kind;
    private final Guarantee guarantee;
    private final String bootstrap;
    private final String topic;
    private final int partitions;
    private final Random random;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    /** Acknowledged sequence → where it was written; guarded by itself. */
    private final Map<Long, Written> acked = new HashMap<>();
    /** Sends that failed while the load ran (closing fails the rest), by exception. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicInteger replacedClients = new AtomicInteger();
    private final AtomicReference<Throwable> crashed = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long sent;

    public ProducerLoad(String name, ProducerKind kind, Guarantee guarantee, String bootstrap, String topic,
                        int partitions, long seed) {
        this.name = name;
        this.kind = kind;
        this.guarantee = guarantee;
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partitions = partitions;
        this.random = new Random(seed);
        this.thread = new Thread(this::run, "crash-producer-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String name() {
        return name;
    }

    Guarantee guarantee() {
        return guarantee;
    }

    ProducerKind kind() {
        return kind;
    }

    /** A copy of what was acknowledged so far: sequence → partition and offset. */
    public Map<Long, Written> acknowledged() {
        synchronized (acked) {
            return new HashMap<>(acked);
        }
    }

    Map<String, Integer> failures() {
        return failures;
    }

    int replacedClients() {
        return replacedClients.get();
    }

    /** The error that stopped the producer thread, if one did. */
    public Throwable crashed() {
        return crashed.get();
    }

    /** Where an acknowledged value was said to be written. */
    public record Written(int partition, long offset) {
    }

    private void run() {
        CrashProducer producer = kind.open(bootstrap, guarantee);
        try {
            while (running) {
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                long seq = sent++;
                int partition = random.nextInt(partitions);
                try {
                    producer.send(topic, partition, name + ":" + seq, new CrashProducer.Outcome() {
                        @Override
                        public void acknowledged(int p, long offset) {
                            synchronized (acked) {
                                acked.put(seq, new Written(p, offset));
                            }
                            inFlight.release();
                        }

                        @Override
                        public void failed(Exception cause) {
                            if (running) {
                                failures.merge(cause.getClass().getSimpleName(), 1, Integer::sum);
                            }
                            inFlight.release();
                        }
                    });
                } catch (RuntimeException unusable) {
                    inFlight.release();
                    failures.merge("unusable client: " + unusable.getClass().getSimpleName(), 1, Integer::sum);
                    producer.close();
                    replacedClients.incrementAndGet();
                    producer = kind.open(bootstrap, guarantee);
                }
                // Pacing the load itself, so the two cores also run the broker and the checks.
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        } catch (Throwable t) {
            crashed.set(t);
        } finally {
            producer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("producer thread " + name + " did not stop");
        }
    }
}
