package io.runnel.client.internal.consumer;

import io.runnel.client.ApiErrorException;
import io.runnel.client.internal.metadata.MetadataManager;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.FindCoordinatorRequest;
import io.runnel.protocol.message.FindCoordinatorResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Finds the node that coordinates one group (FindCoordinator, key type GROUP) and remembers it until told it moved.
 * The request carries the key in both its old (v0-3) and new (v4+) form, so whichever version the broker
 * negotiates finds it. Event loop only.
 */
final class CoordinatorLookup {
    private final ClientNetwork network;
    private final MetadataManager metadata;
    private final String groupId;
    private final LongSupplier clock;
    private final RetryBackoff backoff;
    private int coordinator = -1;
    private CompletableFuture<Integer> inFlight;
    private long notBefore;
    private Throwable lastError;

    CoordinatorLookup(ClientNetwork network, MetadataManager metadata, String groupId, LongSupplier clock,
                      long retryBackoffMs) {
        this.network = network;
        this.metadata = metadata;
        this.groupId = groupId;
        this.clock = clock;
        this.backoff = new RetryBackoff(retryBackoffMs, 1_000);
    }

    /**
     * The coordinator's node id, or -1 while unknown: a lookup is then started (unless one failed within the
     * backoff), and {@code onFound} runs once it found the coordinator.
     */
    int coordinator(Runnable onFound) {
        if (coordinator >= 0) {
            return coordinator;
        }
        if (inFlight == null && clock.getAsLong() >= notBefore) {
            inFlight = find();
            inFlight.whenComplete((node, error) -> {
                inFlight = null;
                if (error == null) {
                    coordinator = node;
                    lastError = null;
                    backoff.succeeded();
                    onFound.run();
                } else {
                    lastError = error;
                    notBefore = clock.getAsLong() + backoff.failed();
                }
            });
        }
        return -1;
    }

    /** Whether no coordinator is known and the last lookup failed: a leave cannot reach anyone now. */
    boolean unreachable() {
        return coordinator < 0 && lastError != null;
    }

    /** Why the last lookup failed, or null. */
    Throwable lastError() {
        return lastError;
    }

    /** The coordinator moved or its connection failed: look it up again next time. */
    void invalidate() {
        coordinator = -1;
    }

    /**
     * Looks the coordinator up once; fails with the broker's error (COORDINATOR_NOT_AVAILABLE is retriable). The
     * network reaches brokers by the addresses Metadata gave, so a coordinator metadata does not list yet is
     * waited for with one metadata refresh.
     */
    CompletableFuture<Integer> find() {
        return findNode().thenCompose(node -> metadata.current().node(node) != null
                ? CompletableFuture.completedFuture(node)
                : metadata.refresh().thenApply(snapshot -> node));
    }

    private CompletableFuture<Integer> findNode() {
        FindCoordinatorRequest request = new FindCoordinatorRequest().key(groupId).keyType((byte) 0)
                .coordinatorKeys(List.of(groupId));
        return network.<FindCoordinatorResponse>sendToAny(request, (short) -1).thenApply(response -> {
            ErrorCode error;
            int node;
            if (response.coordinators() != null && !response.coordinators().isEmpty()) {
                FindCoordinatorResponse.Coordinator c = response.coordinators().get(0);
                error = ErrorCode.forCode(c.errorCode());
                node = c.nodeId();
            } else {
                error = ErrorCode.forCode(response.errorCode());
                node = response.nodeId();
            }
            if (error != ErrorCode.NONE) {
                throw ApiErrorException.of(error, "find the coordinator of group " + groupId);
            }
            return node;
        });
    }
}
