package io.runnel.client.internal.consumer;

import io.runnel.client.internal.net.ConnectionSecurity;
import io.runnel.client.GroupProtocol;
import io.runnel.client.OffsetReset;

import java.time.Duration;

/**
 * Everything a {@code RunnelConsumer} was built with, validated by its builder. {@code groupId} is null for a
 * consumer without a group (manual assignment only, no commits); {@code security} is the TLS and SASL of its
 * connections.
 */
public record ConsumerSettings(String bootstrap, String clientId, String groupId, String groupInstanceId,
                               OffsetReset autoOffsetReset, boolean autoCommit, Duration autoCommitInterval,
                               GroupProtocol groupProtocol, int maxPollRecords, Duration maxPollInterval,
                               Duration sessionTimeout, Duration heartbeatInterval, int fetchMinBytes,
                               int fetchMaxBytes, Duration fetchMaxWait, int maxPartitionFetchBytes,
                               Duration requestTimeout, Duration defaultApiTimeout, Duration retryBackoff,
                               Duration metadataMaxAge, ConnectionSecurity security) {
}
