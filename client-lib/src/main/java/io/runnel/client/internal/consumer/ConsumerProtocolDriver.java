package io.runnel.client.internal.consumer;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.runnel.client.InterruptException;
import io.runnel.client.RunnelException;
import io.runnel.client.internal.metadata.MetadataManager;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequest;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs a {@link ConsumerProtocolMembership} on the client's event loop: finds the coordinator, sends the heartbeats
 * the machine asks for, feeds back answers and failures, checks the poll timer, and tells the polling thread (by
 * {@code signal}) when a rebalance step waits. Heartbeats therefore go out while the application is busy between
 * polls. Thread rules as {@link GroupMember}.
 */
final class ConsumerProtocolDriver implements GroupMember {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerProtocolDriver.class);
    private static final long TICK_MS = 25;

    private final ClientNetwork network;
    private final EventLoop loop;
    private final MetadataManager metadata;
    private final ConsumerProtocolMembership machine;
    private final CoordinatorLookup coordinator;
    private final long maxPollIntervalMs;
    private final Runnable signal;
    private final LongSupplier clock;
    private final ScheduledFuture<?> ticker;
    private final String groupId;
    private final String instanceId;

    private volatile long lastPollMs;
    private volatile boolean changeReady;
    private volatile GroupGeneration generation = GroupGeneration.NONE;
    private volatile RunnelException fatal;
    private CompletableFuture<Void> leaving;

    ConsumerProtocolDriver(ClientNetwork network, MetadataManager metadata, String groupId, String instanceId,
                           int maxPollIntervalMs, long retryBackoffMs, Runnable signal, LongSupplier clock) {
        this.network = network;
        this.loop = network.eventLoop();
        this.metadata = metadata;
        this.groupId = groupId;
        this.machine = new ConsumerProtocolMembership(groupId, UUID.randomUUID().toString(), instanceId,
                maxPollIntervalMs, null, retryBackoffMs);
        this.coordinator = new CoordinatorLookup(network, metadata, groupId, clock, retryBackoffMs);
        this.instanceId = instanceId;
        this.maxPollIntervalMs = maxPollIntervalMs;
        this.signal = signal;
        this.clock = clock;
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
            return loop.submit(() -> machine.nextChange(this::topicName)).get();
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
            machine.changeDone(change, clock.getAsLong());
            tick();
        });
    }

    @Override
    public void polled() {
        lastPollMs = clock.getAsLong();
        if (machine.state() == ConsumerProtocolMembership.State.STALE) {
            loop.execute(() -> {
                machine.pollResumed(clock.getAsLong());
                tick();
            });
        }
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
            leaving = done;
            machine.leave(clock.getAsLong());
            tick();
        });
        return done;
    }

    @Override
    public void close() {
        ticker.cancel(false);
    }

    private String topicName(UUID id) {
        String name = metadata.current().topicName(id);
        if (name == null) {
            metadata.requestUpdate();
        }
        return name;
    }

    /** One round on the event loop: poll timer, coordinator, heartbeat, and what the polling thread must know. */
    private void tick() {
        long now = clock.getAsLong();
        if (now - lastPollMs > maxPollIntervalMs && machine.state() != ConsumerProtocolMembership.State.STALE
                && !machine.isOut() && leaving == null) {
            LOG.warn("group {}: no poll for {} ms (maxPollInterval {} ms), leaving the group; the next poll "
                    + "joins again", groupId, now - lastPollMs, maxPollIntervalMs);
            machine.pollTimerExpired(now);
        }
        if (machine.coordinatorLost()) {
            coordinator.invalidate();
            machine.coordinatorFound();
        }
        ConsumerGroupHeartbeatRequest request = machine.msUntilNextHeartbeat(now) == 0
                ? heartbeatIfCoordinatorKnown(now) : null;
        if (request != null) {
            int node = coordinator.coordinator(this::tick);
            network.<ConsumerGroupHeartbeatResponse>send(node, request, (short) -1).whenComplete((response, error) -> {
                long at = clock.getAsLong();
                if (error != null) {
                    LOG.debug("group {}: heartbeat failed", groupId, error);
                    coordinator.invalidate();
                    machine.onHeartbeatFailure(at);
                } else {
                    machine.onHeartbeatResponse(response, at);
                }
                tick();
            });
        }
        publish();
    }

    private ConsumerGroupHeartbeatRequest heartbeatIfCoordinatorKnown(long now) {
        if (coordinator.coordinator(this::tick) < 0) {
            return null;
        }
        return machine.heartbeatToSend(now);
    }

    /** Makes the machine's state visible to the polling thread and wakes it when it has something to do. */
    private void publish() {
        generation = new GroupGeneration(machine.memberId(), machine.memberEpoch(), instanceId);
        boolean ready = machine.nextChange(this::topicName) != null;
        RunnelException error = machine.fatalError();
        if (ready != changeReady || error != fatal) {
            changeReady = ready;
            fatal = error;
            signal.run();
        }
        // With no coordinator to tell, the broker's session timeout removes the member; close need not wait.
        if (leaving != null && (machine.isOut() || coordinator.unreachable())) {
            leaving.complete(null);
            leaving = null;
        }
    }
}
