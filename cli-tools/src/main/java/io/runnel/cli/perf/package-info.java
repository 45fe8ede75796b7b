/**
 * {@code runnel perf produce|consume}: load generators on {@link io.runnel.client.RunnelProducer} and
 * {@link io.runnel.client.RunnelConsumer} whose reports (records/s, MB/s with MB = 2^20 bytes, latency in ms from an
 * HdrHistogram) have the layout and units of Kafka's ProducerPerformance, so runs of both compare.
 */
package io.runnel.cli.perf;
