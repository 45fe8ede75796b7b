package io.runnel.client.internal.consumer;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.runnel.client.InterruptException;
import io.runnel.client.RunnelException;
import io.runnel.client.TopicPartition;
import io.runnel.client.internal.metadata.ClusterSnapshot;
import io.runnel.client.internal.metadata.MetadataManager;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.HeartbeatRequest;
import io.runnel.protocol.message.HeartbeatResponse;
import io.runnel.protocol.message.JoinGroupRequest;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.LeaveGroupRequest;
import io.runnel.protocol.message.LeaveGroupResponse;
import io.runnel.protocol.message.SyncGroupRequest;
import io.runnel.protocol.message.SyncGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Runs a {@link ClassicMembership} on the client's event loop: finds the coordinator, sends JoinGroup, SyncGroup
 * (computing the range assignment when this member leads, from the partition counts in metadata), Heartbeat and
 * LeaveGroup as the machine asks, checks the poll timer, and signals the polling thread when a rebalance step
 * waits. JoinGroup and SyncGroup may be held by the coordinator for the rebalance timeout, so they get that much
 * more time than other requests. Thread rules as {@link GroupMember}.
 */
final class ClassicProtocolDriver implements GroupMember {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicProtocolDriver.class);
    private static final long TICK_MS = 25;

    private final ClientNetwork network;
    private final EventLoop loop;
    private final MetadataManager metadata;
    private final ClassicMembership machine;
    private final CoordinatorLookup coordinator;
    private final String groupId;
    private final String instanceId;
    private final int maxPollIntervalMs;
    private final long requestTimeoutMs;
    private final Runnable signal;
    private final LongSupplier clock;
    private final ScheduledFuture<?> ticker;

    private volatile long lastPollMs;
    private volatile boolean changeReady;
    private volatile GroupGeneration generation = GroupGeneration.NONE;
    private volatile RunnelException fatal;
    private boolean assignmentMetadataAsked;
    private boolean stopped;

    ClassicProtocolDriver(ClientNetwork network, MetadataManager metadata, String groupId, String instanceId,
                          int sessionTimeoutMs, int maxPollIntervalMs, long heartbeatIntervalMs,
                          long requestTimeoutMs, long retryBackoffMs, Runnable signal, LongSupplier clock) {
        this.network = network;
        this.loop = network.eventLoop();
        this.metadata = metadata;
        this.groupId = groupId;
        this.instanceId = instanceId;
        this.maxPollIntervalMs = maxPollIntervalMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.signal = signal;
        this.clock = clock;
        this.machine = new ClassicMembership(groupId, instanceId, sessionTimeoutMs, maxPollIntervalMs,
                heartbeatIntervalMs, retryBackoffMs);
        this.coordinator = new CoordinatorLookup(network, metadata, groupId, clock, retryBackoffMs);
        this.lastPollMs = clock.getAsLong();
        this.ticker = loop.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void subscribe(Set<String> topics) {
        metadata.track(topics);
        loop.execute(() -> {
            machine.subscribe(topics, clock.getAsLong());
            tick();
        });
    }

    @Override
    public PartitionChange pendingChange() {
        if (!changeReady) {
            return null;
        }
        try {
            return loop.submit(machine::nextChange).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while reading the group's state", e);
        } catch (ExecutionException e) {
            throw new RunnelException("group " + groupId + ": reading the rebalance step failed", e.getCause());
        }
    }

    @Override
    public void changeDone(PartitionChange change) {
        loop.execute(() -> {
            machine.changeDone(change);
            tick();
        });
    }

    @Override
    public void polled() {
        lastPollMs = clock.getAsLong();
    }

    @Override
    public GroupGeneration generation() {
        return generation;
    }

    @Override
    public RunnelException fatalError() {
        return fatal;
    }

    @Override
    public CompletableFuture<Void> leave() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            stopped = true;
            LeaveGroupRequest leave = machine.leave();
            int node = coordinator.coordinator(() -> { });
            if (leave == null || node < 0) {
                done.complete(null);
                return;
            }
            network.<LeaveGroupResponse>send(node, leave, (short) -1)
                    .whenComplete((response, error) -> done.complete(null));
        });
        return done;
    }

    @Override
    public void close() {
        ticker.cancel(false);
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long now = clock.getAsLong();
        if (now - lastPollMs > maxPollIntervalMs) {
            LeaveGroupRequest leave = machine.pollTimerExpired(now);
            if (leave != null) {
                LOG.warn("group {}: no poll for {} ms (maxPollInterval {} ms), leaving the group; the next poll "
                        + "joins again", groupId, now - lastPollMs, maxPollIntervalMs);
                int node = coordinator.coordinator(() -> { });
                if (node >= 0) {
                    network.send(node, leave, (short) -1);
                }
            }
        }
        if (machine.coordinatorLost()) {
            coordinator.invalidate();
            machine.coordinatorFound();
        }
        int node = coordinator.coordinator(this::tick);
        if (node >= 0) {
            sendWhatIsDue(node, now);
        }
        publish();
    }

    private void sendWhatIsDue(int node, long now) {
        long groupTimeout = maxPollIntervalMs + requestTimeoutMs;
        JoinGroupRequest join = machine.joinToSend(now);
        if (join != null) {
            assignmentMetadataAsked = false;
            send(node, join, groupTimeout, (JoinGroupResponse r, Long at) -> machine.onJoinResponse(r, at));
        }
        SyncGroupRequest sync = syncIfReady();
        if (sync != null) {
            send(node, sync, groupTimeout, (SyncGroupResponse r, Long at) -> machine.onSyncResponse(r, at));
        }
        HeartbeatRequest heartbeat = machine.heartbeatToSend(now);
        if (heartbeat != null) {
            send(node, heartbeat, requestTimeoutMs,
                    (HeartbeatResponse r, Long at) -> machine.onHeartbeatResponse(r, at));
        }
        if (machine.isLeader()) {
            machine.onPartitionCounts(partitionCounts(metadata.current(), machine.groupTopics()), now);
        }
    }

    /** The SyncGroup to send: a follower's at once, a leader's once metadata knows the group's topics. */
    private SyncGroupRequest syncIfReady() {
        List<ClassicRangeAssignor.Member> members = machine.membersToAssign();
        if (members.isEmpty()) {
            return machine.syncToSend(null, null);
        }
        Set<String> topics = machine.groupTopics();
        if (!assignmentMetadataAsked) {
            // Other members may subscribe to topics this one never looked up: refresh once before assigning.
            assignmentMetadataAsked = true;
            metadata.track(topics);
            metadata.refresh().whenComplete((snapshot, error) -> tick());
            return null;
        }
        Map<String, Integer> counts = partitionCounts(metadata.current(), topics);
        Map<String, List<TopicPartition>> assignment = ClassicRangeAssignor.assign(members,
                topic -> counts.getOrDefault(topic, -1));
        return machine.syncToSend(assignment, counts);
    }

    private static Map<String, Integer> partitionCounts(ClusterSnapshot snapshot, Set<String> topics) {
        Map<String, Integer> counts = new HashMap<>();
        for (String topic : topics) {
            int count = snapshot.partitionCount(topic);
            if (count > 0) {
                counts.put(topic, count);
            }
        }
        return counts;
    }

    private <R extends ApiMessage> void send(int node, ApiMessage request, long timeoutMs,
                                              BiConsumer<R, Long> onResponse) {
        network.<R>send(node, request, (short) -1, timeoutMs).whenComplete((response, error) -> {
            long at = clock.getAsLong();
            if (error != null) {
                LOG.debug("group {}: {} failed", groupId, request.getClass().getSimpleName(), error);
                coordinator.invalidate();
                machine.onRequestFailure(at);
            } else {
                onResponse.accept(response, at);
            }
            tick();
        });
    }

    private void publish() {
        generation = new GroupGeneration(machine.memberId(), machine.generation(), instanceId);
        boolean ready = machine.nextChange() != null;
        RunnelException error = machine.fatalError();
        if (ready != changeReady || error != fatal) {
            changeReady = ready;
            fatal = error;
            signal.run();
        }
    }
}
