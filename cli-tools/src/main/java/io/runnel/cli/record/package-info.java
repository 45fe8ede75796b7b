/**
 * {@code runnel produce} and {@code runnel consume}: records from stdin to a topic through
 * {@link io.runnel.client.RunnelProducer}, and from a topic to stdout through {@link io.runnel.client.RunnelConsumer}
 * (with a group, committing exactly what was printed), with {@link io.runnel.cli.record.RecordFormat} for
 * {@code --format}.
 */
package io.runnel.cli.record;
