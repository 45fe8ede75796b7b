package io.runnel.reliability.crash;

/**
 * A client library whose producer the crash suite drives: kafka-clients ({@link KafkaClientsProducerKind}) and
 * Runnel's own client-lib ({@link ClientLibProducerKind}). A new kind implements this interface and is added to
 * {@link CrashDurabilityTest#PRODUCER_KINDS}; everything else — load, kills, checks — stays as it is.
 */
public interface ProducerKind {
    /** Short name used in record values and the summary line, e.g. {@code kafka-clients}. */
    String name();

    /**
     * A producer connected to {@code bootstrap} configured for {@code guarantee}, retrying through broker
     * restarts by itself (long delivery timeout, short request timeout and reconnect back-off).
     */
    CrashProducer open(String bootstrap, Guarantee guarantee);
}
