package io.runnel.reliability.crash;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;

/** Apache Kafka's Java producer (kafka-clients). */
public final class KafkaClientsProducerKind implements ProducerKind {
    @Override
    public String name() {
        return "kafka-clients";
    }

    @Override
    public CrashProducer open(String bootstrap, Guarantee guarantee) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Fail a request to a dead broker fast and retry it, for as long as a restart takes.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "180000");
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "120000");
        switch (guarantee) {
            case IDEMPOTENT_ACKS_ALL -> {
                props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                props.put(ProducerConfig.ACKS_CONFIG, "all");
            }
            case ACKS_ONE -> {
                props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
                props.put(ProducerConfig.ACKS_CONFIG, "1");
            }
        }
        KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer());
        return new CrashProducer() {
            @Override
            public void send(String topic, int partition, String value, Outcome outcome) {
                producer.send(new ProducerRecord<>(topic, partition, null, value), (meta, error) -> {
                    if (error == null) {
                        outcome.acknowledged(meta.partition(), meta.offset());
                    } else {
                        outcome.failed(error);
                    }
                });
            }

            @Override
            public void close() {
                producer.close(Duration.ZERO);
            }
        };
    }
}
