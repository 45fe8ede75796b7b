/**
 * The results and arguments of {@link io.runnel.client.RunnelAdmin}'s operations: small immutable records
 * ({@link io.runnel.client.admin.TopicDescription}, {@link io.runnel.client.admin.GroupDescription},
 * {@link io.runnel.client.admin.PartitionLag}, ...) and the {@link io.runnel.client.admin.OffsetSpec} of an offset
 * reset. Every collection they hold is unmodifiable.
 */
package io.runnel.client.admin;
