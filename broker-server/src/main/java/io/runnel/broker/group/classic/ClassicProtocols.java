package io.runnel.broker.group.classic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which protocols (assignors) a classic group can use, and which one it picks. */
final class ClassicProtocols {

    private ClassicProtocols() {
    }

    /**
     * Whether a member with these protocols may join: an empty group (or one whose only member is this one) takes
     * any non-empty list; otherwise the protocol type must match and one of the protocols must be supported by
     * every other member.
     */
    static boolean supports(Map<String, ClassicMember> members, String groupProtocolType, String memberId,
                            String memberProtocolType, List<ClassicMember.Protocol> protocols) {
        if (memberProtocolType == null || memberProtocolType.isEmpty() || protocols.isEmpty()) {
            return false;
        }
        if (members.isEmpty() || (members.size() == 1 && members.containsKey(memberId))) {
            return true;
        }
        if (!memberProtocolType.equals(groupProtocolType)) {
            return false;
        }
        for (ClassicMember.Protocol p : protocols) {
            if (supportedByAllOthers(members.values(), memberId, p.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The protocol every member supports that most members prefer: each member votes for the first protocol in its
     * own list that all support; ties go to the protocol the oldest member lists first.
     */
    static String select(String groupId, Collection<ClassicMember> members) {
        ClassicMember oldest = members.iterator().next();
        List<String> candidates = new ArrayList<>();
        for (ClassicMember.Protocol p : oldest.protocols()) {
            if (supportedByAllOthers(members, oldest.memberId(), p.name())) {
                candidates.add(p.name());
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("group " + groupId + " has no protocol all members support");
        }
        Map<String, Integer> votes = new HashMap<>();
        for (ClassicMember m : members) {
            for (ClassicMember.Protocol p : m.protocols()) {
                if (candidates.contains(p.name())) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = candidates.get(0);
        for (String candidate : candidates) {
            if (votes.getOrDefault(candidate, 0) > votes.getOrDefault(best, 0)) {
                best = candidate;
            }
        }
        return best;
    }

    private static boolean supportedByAllOthers(Collection<ClassicMember> members, String memberId, String protocol) {
        for (ClassicMember m : members) {
            if (!m.memberId().equals(memberId) && !m.supports(protocol)) {
                return false;
            }
        }
        return true;
    }
}
