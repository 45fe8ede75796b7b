package io.runnel.reliability.check;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.Properties;

/** kafka-clients settings for clients that must ride out broker restarts and cut connections quickly. */
public final class ClientSettings {
    private ClientSettings() {
    }

    /**
     * A group member that commits by hand, reads from the earliest offset, gives up a request to a dead broker after
     * 5 s and reconnects within 200 ms; classic members get a short session ({@code classicSessionMs}).
     */
    public static Properties groupConsumer(String bootstrap, String group, String protocol, int classicSessionMs) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        props.put(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        if (protocol.equals("classic")) {
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(classicSessionMs));
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(classicSessionMs / 10));
        }
        return props;
    }
}
