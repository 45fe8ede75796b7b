package io.runnel.reliability.crash;

import io.runnel.client.Acks;
import io.runnel.client.ProducerRecord;
import io.runnel.client.RunnelProducer;

import java.time.Duration;

/** Runnel's own producer ({@code client-lib}'s {@link RunnelProducer}). */
public final class ClientLibProducerKind implements ProducerKind {
    @Override
    public String name() {
        return "client-lib";
    }

    @Override
    public CrashProducer open(String bootstrap, Guarantee guarantee) {
        boolean idempotent = guarantee == Guarantee.IDEMPOTENT_ACKS_ALL;
        RunnelProducer producer = RunnelProducer.builder()
                .bootstrap(bootstrap)
                .acks(idempotent ? Acks.ALL : Acks.LEADER)
                .idempotent(idempotent)
                .linger(Duration.ofMillis(5))
                // Fail a request to a dead broker fast and retry it, for as long as a restart takes.
                .requestTimeout(Duration.ofSeconds(5))
                .deliveryTimeout(Duration.ofMinutes(3))
                .retryBackoff(Duration.ofMillis(50))
                .maxBlock(Duration.ofMinutes(2))
                .build();
        return new CrashProducer() {
            @Override
            public void send(String topic, int partition, String value, Outcome outcome) {
                producer.send(ProducerRecord.builder(topic).partition(partition).value(value).build())
                        .whenComplete((meta, error) -> {
                            if (error == null) {
                                outcome.acknowledged(meta.partition(), meta.offset());
                            } else {
                                outcome.failed(error instanceof Exception e ? e : new IllegalStateException(error));
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
