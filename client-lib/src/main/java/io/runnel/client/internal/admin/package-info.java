/**
 * How {@link io.runnel.client.RunnelAdmin} maps each operation to Kafka's admin APIs:
 * {@code TopicOperations} (CreateTopics, DeleteTopics, Metadata, ListOffsets, CreatePartitions, DescribeConfigs,
 * IncrementalAlterConfigs), {@code GroupOperations} (FindCoordinator, ListGroups, ConsumerGroupDescribe,
 * DescribeGroups, OffsetFetch, OffsetCommit, DeleteGroups), on an {@code AdminRuntime} that owns the network and
 * the retry loop.
 *
 * <p>Invariants: an operation is one chain of futures on the network's event loop and never blocks it; it is
 * retried as a whole (lookups included) after a retriable error, until the API timeout; nothing Runnel-specific is
 * sent, so the same calls work against an Apache Kafka cluster.
 */
package io.runnel.client.internal.admin;
