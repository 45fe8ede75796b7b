package io.runnel.broker.metrics;

import io.runnel.broker.topic.TopicPartition;

import java.util.List;
import java.util.Map;

/**
 * One consumer group as the coordinator described it at one moment: what DescribeGroups, ListGroups and
 * OffsetFetch answer, in one value.
 *
 * @param groupId      the group id
 * @param type         {@code classic} or {@code consumer} (KIP-848)
 * @param state        the state as Kafka names it (Empty, Stable, PreparingRebalance, ...)
 * @param protocolType {@code consumer} for Kafka consumers, empty for a group that only stores offsets
 * @param protocol     the assignment strategy (classic) or server assignor (consumer); empty while unknown
 * @param members      the members, each with the partitions assigned to it (empty while a classic group is not
 *                     Stable: Kafka only shows assignments then)
 * @param committed    committed offset per partition
 */
public record GroupSnapshot(String groupId, String type, String state, String protocolType, String protocol,
                            List<Member> members, Map<TopicPartition, Long> committed) {

    /**
     * A member of the group.
     *
     * @param memberId   the coordinator's id for it
     * @param instanceId its static {@code group.instance.id}, or null
     * @param clientId   the client id it connected with
     * @param clientHost the address it connected from
     * @param assigned   the partitions it owns
     */
    public record Member(String memberId, String instanceId, String clientId, String clientHost,
                         List<TopicPartition> assigned) {
    }

    /** True when no member is in the group (the only state in which its offsets may be reset). */
    public boolean isEmpty() {
        return members.isEmpty() && (state.equals("Empty") || state.equals("Dead"));
    }
}
