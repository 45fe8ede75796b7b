/**
 * Runnel's Java client: {@code RunnelProducer}, {@code RunnelConsumer} and {@code RunnelAdmin}, and the types they
 * share ({@link io.runnel.client.TopicPartition}, {@link io.runnel.client.CompressionType}, the
 * {@link io.runnel.client.RunnelException} hierarchy).
 *
 * <p>The client speaks only the Kafka protocol: the same code runs against Runnel and against an Apache Kafka 4.x
 * cluster. Every failure is an unchecked {@code RunnelException}; a broker's error code surfaces as an
 * {@link io.runnel.client.ApiErrorException} (or the subclass that names it), a lost connection as a
 * {@link io.runnel.client.BrokerUnavailableException}, an expired wait as a
 * {@link io.runnel.client.RunnelTimeoutException}. Packages under {@code io.runnel.client.internal} are not API.
 */
package io.runnel.client;
