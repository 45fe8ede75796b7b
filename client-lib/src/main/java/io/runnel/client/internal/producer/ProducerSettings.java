package io.runnel.client.internal.producer;

import io.runnel.client.internal.net.ConnectionSecurity;
import io.runnel.client.Acks;
import io.runnel.client.CompressionType;
import io.runnel.client.Partitioner;

import java.time.Duration;

/**
 * A producer's validated configuration, as {@link io.runnel.client.RunnelProducerBuilder} collected it.
 *
 * @param bootstrap       {@code host:port[,host:port]}
 * @param clientId        the client id in request headers and thread names
 * @param acks            acknowledgement level
 * @param idempotent      whether batches carry a producer id and sequences
 * @param linger          how long a batch waits for more records
 * @param batchSize       bytes of records per partition batch (before compression)
 * @param bufferMemory    bytes the producer may hold for records not yet acknowledged
 * @param maxBlock        how long {@code send} may wait for buffer memory
 * @param deliveryTimeout how long a record may take from {@code send} to its acknowledgement
 * @param requestTimeout  how long one Produce request may wait for its answer
 * @param retryBackoff    the wait before a batch is sent again
 * @param maxInFlight     Produce requests awaiting an answer per broker connection
 * @param maxRequestSize  bytes of one Produce request (and the largest record)
 * @param compression     the codec batches are compressed with
 * @param partitioner     picks partitions for records without one
 * @param security        TLS and SASL of the connections
 */
public record ProducerSettings(String bootstrap, String clientId, Acks acks, boolean idempotent, Duration linger,
                               int batchSize, long bufferMemory, Duration maxBlock, Duration deliveryTimeout,
                               Duration requestTimeout, Duration retryBackoff, int maxInFlight, int maxRequestSize,
                               CompressionType compression, Partitioner partitioner, ConnectionSecurity security) {
}
