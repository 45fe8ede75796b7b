package io.runnel.reliability.churn;

import io.runnel.reliability.check.ClientSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * A group member in a JVM of its own, for the churn suite to kill, freeze and stop: it consumes, commits
 * synchronously after every poll (and for revoked partitions before giving them up) and reports on standard
 * output, with {@link System#nanoTime()} stamps — one monotonic clock for every process on the machine:
 * <pre>
 * A t p,p,..      partitions assigned (stamped on entering the callback)
 * R t p,p,..      partitions revoked (stamped when the callback, and its commit, is done)
 * L t p,p,..      partitions lost (the member learned it had been fenced)
 * C t p from to   records from..to (inclusive) of partition p were consumed
 * K t p offset    a commit of offset for p, sent at t, was acknowledged
 * </pre>
 * Arguments: bootstrap servers, group id, group protocol, topic, member name. SIGTERM closes the consumer
 * (leaving the group) and exits.
 */
public final class ChurnMemberMain {
    private static final PrintStream OUT = System.out;

    private ChurnMemberMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Properties props = ClientSettings.groupConsumer(args[0], args[1], args[2], 3000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, args[4]);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            consumer.wakeup();
            try {
                main.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "churn-member-shutdown"));
        Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
        try {
            consumer.subscribe(List.of(args[3]), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    report("A", System.nanoTime(), partitions);
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>();
                    for (TopicPartition tp : partitions) {
                        OffsetAndMetadata o = pending.remove(tp);
                        if (o != null) {
                            revoked.put(tp, o);
                        }
                    }
                    commit(consumer, revoked);
                    report("R", System.nanoTime(), partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    partitions.forEach(pending::remove);
                    report("L", System.nanoTime(), partitions);
                }
            });
            for (;;) {
                ConsumerRecords<String, String> records;
                try {
                    records = consumer.poll(Duration.ofMillis(100));
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException brokerGone) {
                    // The broker restarts or the connection was cut: poll again, the client reconnects.
                    continue;
                }
                long t = System.nanoTime();
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, String>> list = records.records(tp);
                    long last = list.get(list.size() - 1).offset();
                    line("C " + t + " " + tp.partition() + " " + list.get(0).offset() + " " + last);
                    pending.put(tp, new OffsetAndMetadata(last + 1));
                }
                commit(consumer, pending);
            }
        } catch (WakeupException stopping) {
            // SIGTERM: close below, which revokes (and commits) and leaves the group.
        } finally {
            consumer.close();
        }
    }

    /** Commits {@code offsets} synchronously; reports each acknowledged one, keeps failed ones for the next try. */
    private static void commit(KafkaConsumer<String, String> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> sending = new HashMap<>(offsets);
        long t = System.nanoTime();
        try {
            consumer.commitSync(sending);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException fencedOrUnreachable) {
            return;
        }
        sending.forEach((tp, o) -> {
            line("K " + t + " " + tp.partition() + " " + o.offset());
            offsets.remove(tp, o);
        });
    }

    private static void report(String kind, long t, Collection<TopicPartition> partitions) {
        StringJoiner list = new StringJoiner(",");
        partitions.forEach(tp -> list.add(Integer.toString(tp.partition())));
        line(kind + " " + t + " " + list);
    }

    private static synchronized void line(String line) {
        OUT.println(line);
        OUT.flush();
    }
}
