package io.runnel.broker.txn;

/** A producer id and the epoch to use with it: the answer to InitProducerId. */
public record ProducerIdAndEpoch(long producerId, short epoch) {
}
