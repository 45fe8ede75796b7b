package io.runnel.broker.group.classic;

import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.JoinGroupResponse.JoinGroupResponseMember;
import io.runnel.protocol.message.SyncGroupResponse;

import java.util.ArrayList;
import java.util.List;

/** Builds the classic protocol's JoinGroup and SyncGroup answers, which depend on the request version. */
final class ClassicResponses {

    private ClassicResponses() {
    }

    /** A refused JoinGroup; {@code memberId} is the id the member should use next (MEMBER_ID_REQUIRED). */
    static JoinGroupResponse joinError(short version, ErrorCode error, String memberId) {
        return new JoinGroupResponse()
                .errorCode(error.code())
                .generationId(-1)
                .protocolType(null)
                .protocolName(version >= 7 ? null : "")
                .leader("")
                .memberId(memberId == null ? "" : memberId)
                .members(List.of());
    }

    /** A JoinGroup answer for the group's current generation; only the leader gets the member list. */
    static JoinGroupResponse joinSuccess(ClassicGroup group, ClassicMember member, short version,
                                         boolean withMembers, boolean skipAssignment) {
        String protocolName = group.protocolName();
        return new JoinGroupResponse()
                .errorCode(ErrorCode.NONE.code())
                .generationId(group.generationId())
                .protocolType(group.protocolType())
                .protocolName(protocolName == null ? (version >= 7 ? null : "") : protocolName)
                .leader(group.leaderId() == null ? "" : group.leaderId())
                .skipAssignment(skipAssignment)
                .memberId(member.memberId())
                .members(withMembers ? memberList(group) : List.of());
    }

    private static List<JoinGroupResponseMember> memberList(ClassicGroup group) {
        List<JoinGroupResponseMember> list = new ArrayList<>(group.size());
        for (ClassicMember m : group.members()) {
            byte[] metadata = m.metadataFor(group.protocolName());
            list.add(new JoinGroupResponseMember()
                    .memberId(m.memberId())
                    .groupInstanceId(m.groupInstanceId())
                    .metadata(metadata == null ? ClassicMember.EMPTY : metadata));
        }
        return list;
    }

    static SyncGroupResponse syncError(ErrorCode error) {
        return new SyncGroupResponse()
                .errorCode(error.code())
                .protocolType(null)
                .protocolName(null)
                .assignment(ClassicMember.EMPTY);
    }

    static SyncGroupResponse syncSuccess(ClassicGroup group, byte[] assignment) {
        return new SyncGroupResponse()
                .errorCode(ErrorCode.NONE.code())
                .protocolType(group.protocolType())
                .protocolName(group.protocolName())
                .assignment(assignment == null ? ClassicMember.EMPTY : assignment);
    }
}
