/**
 * Topics: names and their rules, ids, partition counts and per-topic config overrides ({@link
 * io.runnel.broker.topic.TopicRegistry}), and {@link io.runnel.broker.topic.TopicPartition}, the broker's one
 * partition type (log directories, groups' committed offsets and assignments all name partitions with it).
 *
 * <p>Invariants: a topic's id never changes and a name maps to at most one topic at a time; the registry knows
 * nothing of logs, and {@code log.LogManager} alone changes it, ordering each topic change around it so that a
 * crash leaves the whole topic or none of it. Readers look topics up without locks and may assume a {@link
 * io.runnel.broker.topic.TopicInfo} they hold never changes (changes publish new ones); changes are serialised
 * and each is on disk (file fsynced, renamed, directory fsynced) before it is visible.
 */
package io.runnel.broker.topic;
