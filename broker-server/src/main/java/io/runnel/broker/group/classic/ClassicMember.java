package io.runnel.broker.group.classic;

import io.runnel.protocol.message.JoinGroupRequest.JoinGroupRequestProtocol;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.SyncGroupResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a classic group: who it is, the protocols (assignors) it supports with its metadata for each, its
 * timeouts, its current assignment, and the JoinGroup / SyncGroup request it has parked, if any.
 */
final class ClassicMember {
    static final byte[] EMPTY = new byte[0];

    /** A protocol the member supports, with its subscription metadata for it. */
    record Protocol(String name, byte[] metadata) {
    }

    /** A parked JoinGroup or SyncGroup: its answer depends on the version it came at. */
    record Parked<T>(short version, CompletableFuture<T> future) {
    }

    private final String memberId;
    private final String groupInstanceId;
    private String clientId;
    private String clientHost;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private String protocolType;
    private List<Protocol> protocols;
    private byte[] assignment = EMPTY;
    private Parked<JoinGroupResponse> awaitingJoin;
    private Parked<SyncGroupResponse> awaitingSync;
    private boolean isNew;

    ClassicMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                  int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType, List<Protocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = protocolType;
        this.protocols = List.copyOf(protocols);
    }

    /** The same member under a new member id (a static member that rejoined); nothing is parked on the copy. */
    ClassicMember withMemberId(String newMemberId) {
        ClassicMember copy = new ClassicMember(newMemberId, groupInstanceId, clientId, clientHost,
                rebalanceTimeoutMs, sessionTimeoutMs, protocolType, protocols);
        copy.assignment = assignment;
        return copy;
    }

    static List<Protocol> protocolsOf(List<JoinGroupRequestProtocol> requested) {
        List<Protocol> list = new ArrayList<>(requested.size());
        for (JoinGroupRequestProtocol p : requested) {
            list.add(new Protocol(p.name(), p.metadata() == null ? EMPTY : p.metadata()));
        }
        return list;
    }

    String memberId() {
        return memberId;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    String protocolType() {
        return protocolType;
    }

    List<Protocol> protocols() {
        return protocols;
    }

    /** Takes the client's, timeouts and protocols from a new JoinGroup of this member. */
    void update(String newClientId, String newClientHost, int newRebalanceTimeoutMs, int newSessionTimeoutMs,
                List<Protocol> newProtocols) {
        this.clientId = newClientId;
        this.clientHost = newClientHost;
        this.rebalanceTimeoutMs = newRebalanceTimeoutMs;
        this.sessionTimeoutMs = newSessionTimeoutMs;
        this.protocols = List.copyOf(newProtocols);
    }

    boolean supports(String protocolName) {
        return metadataFor(protocolName) != null;
    }

    /** This member's metadata for a protocol, null when it does not support it. */
    byte[] metadataFor(String protocolName) {
        for (Protocol p : protocols) {
            if (p.name().equals(protocolName)) {
                return p.metadata();
            }
        }
        return null;
    }

    /** True when the given protocols are exactly this member's, names, order and metadata. */
    boolean sameProtocols(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            Protocol a = protocols.get(i);
            Protocol b = other.get(i);
            if (!a.name().equals(b.name()) || !Arrays.equals(a.metadata(), b.metadata())) {
                return false;
            }
        }
        return true;
    }

    byte[] assignment() {
        return assignment;
    }

    void assignment(byte[] value) {
        this.assignment = value == null ? EMPTY : value;
    }

    Parked<JoinGroupResponse> awaitingJoin() {
        return awaitingJoin;
    }

    void awaitingJoin(Parked<JoinGroupResponse> parked) {
        this.awaitingJoin = parked;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    Parked<SyncGroupResponse> awaitingSync() {
        return awaitingSync;
    }

    void awaitingSync(Parked<SyncGroupResponse> parked) {
        this.awaitingSync = parked;
    }

    boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    /** True while the member has joined for the first time and not yet been part of a generation. */
    boolean isNew() {
        return isNew;
    }

    void isNew(boolean value) {
        this.isNew = value;
    }

    @Override
    public String toString() {
        return "member " + memberId + (groupInstanceId == null ? "" : " (instance " + groupInstanceId + ")");
    }
}
