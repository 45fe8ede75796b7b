package io.runnel.broker.group;

import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.classic.ClassicGroupDescriber;
import io.runnel.broker.group.classic.ClassicGroupState;
import io.runnel.broker.group.classic.ClassicProtocol;
import io.runnel.broker.group.consumer.ConsumerGroup;
import io.runnel.broker.group.consumer.ConsumerGroupClassicView;
import io.runnel.broker.group.consumer.ConsumerProtocol;
import io.runnel.broker.group.core.CoordinatorContext;
import io.runnel.broker.group.core.Group;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.offset.OffsetManager;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.DeleteGroupsRequest;
import io.runnel.protocol.message.DeleteGroupsResponse;
import io.runnel.protocol.message.DeleteGroupsResponse.DeletableGroupResult;
import io.runnel.protocol.message.DescribeGroupsRequest;
import io.runnel.protocol.message.DescribeGroupsResponse;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroup;
import io.runnel.protocol.message.ListGroupsRequest;
import io.runnel.protocol.message.ListGroupsResponse;
import io.runnel.protocol.message.ListGroupsResponse.ListedGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeGroups, ListGroups and DeleteGroups, as admin tools use them. Runs on the coordinator thread.
 */
final class GroupAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(GroupAdmin.class);
    /** READ, DELETE and DESCRIBE on a group (Kafka's ACL operation codes 3, 6, 8): there is no authorizer. */
    static final int ALL_GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);

    private final CoordinatorContext ctx;
    private final ClassicProtocol classicGroups;
    private final ConsumerProtocol consumerGroups;
    private final OffsetManager offsets;
    private final GroupStore store;

    GroupAdmin(CoordinatorContext ctx, ClassicProtocol classicGroups,
                      ConsumerProtocol consumerGroups, OffsetManager offsets, GroupStore store) {
        this.ctx = ctx;
        this.classicGroups = classicGroups;
        this.consumerGroups = consumerGroups;
        this.offsets = offsets;
        this.store = store;
    }

    // ---- DescribeGroups ----

    DescribeGroupsResponse describe(DescribeGroupsRequest request) {
        int operations = request.includeAuthorizedOperations() ? ALL_GROUP_OPERATIONS : Integer.MIN_VALUE;
        List<DescribedGroup> described = new ArrayList<>(request.groups().size());
        for (String groupId : request.groups()) {
            Group group = groupId == null ? null : ctx.registry().get(groupId);
            DescribedGroup d;
            if (group instanceof ClassicGroup classic) {
                d = ClassicGroupDescriber.describe(classic);
            } else if (group instanceof ConsumerGroup consumer) {
                d = ConsumerGroupClassicView.describe(consumer);
            } else {
                // Like Kafka before DescribeGroups v6: an unknown group is "Dead", without an error.
                d = new DescribedGroup().groupId(groupId).errorCode(ErrorCode.NONE.code())
                        .groupState(ClassicGroupState.DEAD.kafkaName()).protocolType("").protocolData("")
                        .members(List.of());
            }
            described.add(d.authorizedOperations(operations));
        }
        return new DescribeGroupsResponse().groups(described);
    }

    // ---- ListGroups ----

    ListGroupsResponse list(ListGroupsRequest request, short version) {
        Set<String> states = lowerCase(version >= 4 ? request.statesFilter() : null);
        Set<String> types = lowerCase(version >= 5 ? request.typesFilter() : null);
        List<ListedGroup> listed = new ArrayList<>();
        for (Group group : ctx.registry().all()) {
            if (!states.isEmpty() && !states.contains(group.stateName().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!types.isEmpty() && !types.contains(group.type().wireName())) {
                continue;
            }
            listed.add(new ListedGroup().groupId(group.groupId()).protocolType(group.protocolType())
                    .groupState(group.stateName()).groupType(group.type().wireName()));
        }
        listed.sort(Comparator.comparing(ListedGroup::groupId));
        return new ListGroupsResponse().errorCode(ErrorCode.NONE.code()).groups(listed);
    }

    private static Set<String> lowerCase(List<String> values) {
        Set<String> set = new HashSet<>();
        if (values != null) {
            for (String v : values) {
                set.add(v.toLowerCase(Locale.ROOT));
            }
        }
        return set;
    }

    // ---- DeleteGroups ----

    void delete(DeleteGroupsRequest request, CompletableFuture<DeleteGroupsResponse> out) {
        List<DeletableGroupResult> results = new ArrayList<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (String groupId : request.groupsNames()) {
            DeletableGroupResult result = new DeletableGroupResult().groupId(groupId);
            results.add(result);
            Group group = groupId == null ? null : ctx.registry().get(groupId);
            if (group == null || group.stateName().equals(ClassicGroupState.DEAD.kafkaName())) {
                result.errorCode(ErrorCode.GROUP_ID_NOT_FOUND.code());
            } else if (!group.isEmpty()) {
                result.errorCode(ErrorCode.NON_EMPTY_GROUP.code());
            } else {
                result.errorCode(ErrorCode.NONE.code());
                writes.add(deleteGroup(group).exceptionally(failure -> {
                    LOG.warn("Could not delete group {}", groupId, failure);
                    result.errorCode(GroupException.ofFailedWrite(failure).code());
                    return null;
                }));
            }
        }
        CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0]))
                .whenComplete((v, failure) -> out.complete(new DeleteGroupsResponse().results(results)));
    }

    /** Removes an empty group with its committed offsets; completes on the coordinator thread. */
    CompletableFuture<Void> deleteGroup(Group group) {
        String groupId = group.groupId();
        if (group instanceof ClassicGroup classic) {
            classicGroups.forget(classic);
        } else if (group instanceof ConsumerGroup consumer) {
            consumerGroups.forget(consumer);
        }
        ctx.registry().remove(groupId);
        LOG.info("Deleting group {}", groupId);
        CompletableFuture<Void> metadata = ctx.write(() -> store.deleteGroup(groupId));
        return offsets.deleteAll(groupId).thenCombine(metadata, (a, b) -> null);
    }
}
