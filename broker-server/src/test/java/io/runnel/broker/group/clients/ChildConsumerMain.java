package io.runnel.broker.group.clients;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A group member in a process of its own, for tests that kill it: joins the group and prints
 * {@code ASSIGNED <partitions>} on standard output whenever its assignment changes, until it is killed.
 * Arguments: bootstrap servers, group id, group protocol, topic.
 */
public final class ChildConsumerMain {
    public static final String ASSIGNED = "ASSIGNED ";

    private ChildConsumerMain() {
    }

    public static void main(String[] args) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, args[1]);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, args[2]);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (args[2].equals("classic")) {
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "2000");
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "100");
        }
        Set<Integer> last = null;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(args[3]));
            while (true) {
                consumer.poll(Duration.ofMillis(50));
                Set<Integer> now = new TreeSet<>();
                for (TopicPartition tp : consumer.assignment()) {
                    now.add(tp.partition());
                }
                if (!now.equals(last)) {
                    System.out.println(ASSIGNED + now);
                    System.out.flush();
                    last = now;
                }
            }
        }
    }
}
