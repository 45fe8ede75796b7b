package io.runnel.broker.group.classic;

import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroup;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroupMember;

import java.util.ArrayList;
import java.util.List;

/**
 * A classic group as DescribeGroups shows it. Member metadata and assignment, and the protocol name, are shown only
 * while the group is Stable, as Kafka does.
 */
public final class ClassicGroupDescriber {

    private ClassicGroupDescriber() {
    }

    /** The description of {@code group}, without authorized operations. */
    public static DescribedGroup describe(ClassicGroup group) {
        boolean stable = group.isIn(ClassicGroupState.STABLE);
        List<DescribedGroupMember> members = new ArrayList<>(group.size());
        for (ClassicMember m : group.members()) {
            byte[] metadata = stable ? m.metadataFor(group.protocolName()) : null;
            members.add(new DescribedGroupMember()
                    .memberId(m.memberId())
                    .groupInstanceId(m.groupInstanceId())
                    .clientId(m.clientId())
                    .clientHost(m.clientHost())
                    .memberMetadata(metadata == null ? ClassicMember.EMPTY : metadata)
                    .memberAssignment(stable ? m.assignment() : ClassicMember.EMPTY));
        }
        return new DescribedGroup()
                .errorCode(ErrorCode.NONE.code())
                .groupId(group.groupId())
                .groupState(group.stateName())
                .protocolType(group.protocolType())
                .protocolData(stable && group.protocolName() != null ? group.protocolName() : "")
                .members(members);
    }
}
