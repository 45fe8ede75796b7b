package io.runnel.reliability.crash;

import io.runnel.reliability.check.ClientSettings;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The only member of a consumer group (one group protocol) that consumes the topic and commits synchronously after
 * every poll, through broker kills. It keeps, per partition, the offsets the broker may hold as committed: the last
 * commit it acknowledged, plus every commit attempted since whose outcome is unknown (it failed, maybe after
 * the broker wrote it). {@link #hold()} stops it between commits, so the suite can read the committed offsets
 * without a race; {@link #release()} lets it go on.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

    private final String group;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    /** Partition → offsets the group may have committed (-1: never committed); guarded by {@code this}. */
    private final Map<Integer, Set<Long>> possible = new HashMap<>();
    private final AtomicInteger acknowledgedCommits = new AtomicInteger();
    private final AtomicInteger failedCommits = new AtomicInteger();
    private final AtomicReference<Throwable> crashed = new AtomicReference<>();
    private boolean holdRequested;
    private boolean holding;
    private volatile boolean running = true;

    GroupCommitter(String bootstrap, String group, String protocol, String topic) {
        this.group = group;
        Properties props = ClientSettings.groupConsumer(bootstrap, group, protocol, 6000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(() -> run(topic), "crash-committer-" + group);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String group() {
        return group;
    }

    int acknowledgedCommits() {
        return acknowledgedCommits.get();
    }

    int failedCommits() {
        return failedCommits.get();
    }

    Throwable crashed() {
        return crashed.get();
    }

    /** The offsets partition {@code p} may have committed now; {@code -1} stands for none. */
    synchronized Set<Long> possible(int p) {
        return new HashSet<>(possible.getOrDefault(p, Set.of(-1L)));
    }

    /** Stops the committer between two commits and waits (bounded) until it has stopped. */
    synchronized void hold() throws InterruptedException {
        holdRequested = true;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!holding && running && crashed.get() == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("committer " + group + " did not stop between commits within 60 s");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized void release() {
        holdRequested = false;
        notifyAll();
    }

    private synchronized void pauseIfHeld() throws InterruptedException {
        while (holdRequested && running) {
            holding = true;
            notifyAll();
            wait(100);
        }
        holding = false;
    }

    private void run(String topic) {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                pauseIfHeld();
                ConsumerRecords<String, String> records;
                try {
                    records = consumer.poll(Duration.ofMillis(100));
                } catch (RuntimeException brokerGone) {
                    // A poll that fails while the broker restarts; the next one reconnects.
                    continue;
                }
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, String>> list = records.records(tp);
                    commit.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
                }
                commit(commit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            crashed.set(t);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        synchronized (this) {
            offsets.forEach((tp, o) -> possible.computeIfAbsent(tp.partition(), p -> new HashSet<>(Set.of(-1L)))
                    .add(o.offset()));
        }
        try {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (RuntimeException unknownOutcome) {
            failedCommits.incrementAndGet();
            return;
        }
        acknowledgedCommits.incrementAndGet();
        synchronized (this) {
            offsets.forEach((tp, o) -> possible.put(tp.partition(), new HashSet<>(Set.of(o.offset()))));
        }
    }

    @Override
    public void close() {
        if (!running && !thread.isAlive()) {
            return;
        }
        running = false;
        release();
        consumer.wakeup();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("committer " + group + " did not stop");
        }
    }
}
