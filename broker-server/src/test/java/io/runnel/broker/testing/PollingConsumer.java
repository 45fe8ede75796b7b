package io.runnel.broker.testing;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A KafkaConsumer in a group, polling on its own thread as an application does: it publishes its current assignment
 * after every poll, keeps every record it received, and commits synchronously after each poll that returned records
 * when asked to. {@link #close()} leaves the group (KafkaConsumer.close) and stops the thread.
 */
public final class PollingConsumer implements AutoCloseable {
    /** One record as received: "topic-partition@offset=value". */
    public record Received(String topic, int partition, long offset, String value) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final boolean commitAfterPoll;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<Set<TopicPartition>> assignment = new AtomicReference<>(Set.of());
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private PollingConsumer(Properties props, List<String> topics, boolean commitAfterPoll, String name,
                            ConsumerRebalanceListener listener) {
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.commitAfterPoll = commitAfterPoll;
        this.thread = new Thread(() -> run(topics, listener), name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Starts a member of {@code groupId}.
     *
     * @param protocol        {@code classic} or {@code consumer}
     * @param commitAfterPoll commit synchronously after every poll that returned records (else auto-commit is off
     *                        and nothing is committed)
     * @param extra           more consumer settings
     */
    public static PollingConsumer start(String bootstrap, String groupId, String protocol, List<String> topics,
                                        boolean commitAfterPoll, Map<String, String> extra) {
        return start(bootstrap, groupId, protocol, topics, commitAfterPoll, extra, new NoOpListener());
    }

    /** As above, with a listener told of every assignment change (on the consumer's thread). */
    public static PollingConsumer start(String bootstrap, String groupId, String protocol, List<String> topics,
                                        boolean commitAfterPoll, Map<String, String> extra,
                                        ConsumerRebalanceListener listener) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (protocol.equals("classic")) {
            // Small timeouts so that joins, leaves and rebalances settle within a second.
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "100");
        }
        props.putAll(extra);
        return new PollingConsumer(props, topics, commitAfterPoll, "consumer-" + groupId, listener);
    }

    private void run(List<String> topics, ConsumerRebalanceListener listener) {
        try {
            consumer.subscribe(topics, listener);
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                for (ConsumerRecord<String, String> r : records) {
                    received.add(new Received(r.topic(), r.partition(), r.offset(), r.value()));
                }
                if (commitAfterPoll && !records.isEmpty()) {
                    consumer.commitSync();
                }
                assignment.set(Set.copyOf(consumer.assignment()));
            }
        } catch (WakeupException e) {
            // close() woke the poll up.
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        }
    }

    private static final class NoOpListener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }
    }

    /** The partitions this member owned after its last poll. */
    public Set<TopicPartition> assignment() {
        checkHealthy();
        return assignment.get();
    }

    /** Every record received so far, in order. */
    public List<Received> received() {
        checkHealthy();
        return new ArrayList<>(received);
    }

    private void checkHealthy() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("the consumer thread failed", t);
        }
    }

    /** Leaves the group (KafkaConsumer.close sends the leave) and stops the thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            consumer.wakeup();
            throw new AssertionError("consumer thread " + thread.getName() + " did not stop within 20 s");
        }
        checkHealthy();
    }
}
