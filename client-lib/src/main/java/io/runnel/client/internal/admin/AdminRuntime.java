package io.runnel.client.internal.admin;

import io.runnel.client.ApiErrorException;
import io.runnel.client.RunnelException;
import io.runnel.client.RunnelTimeoutException;
import io.runnel.client.UnknownTopicException;
import io.runnel.client.internal.metadata.ClusterSnapshot;
import io.runnel.client.internal.metadata.MetadataManager;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.client.internal.net.ClientNetworkConfig;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.FindCoordinatorRequest;
import io.runnel.protocol.message.FindCoordinatorResponse;
import io.runnel.protocol.message.MetadataRequest;
import io.runnel.protocol.message.MetadataResponse;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What every admin operation shares: the network, fresh metadata on demand, the group coordinator lookup, and
 * retrying. An operation runs as one chain of futures on the network's event loop; {@link #retrying} repeats the
 * whole chain (metadata and coordinator lookups included) after a retriable failure, until the API timeout.
 *
 * <p>Thread rules: thread-safe. The broker list is written on the event loop only; futures complete there.
 */
public final class AdminRuntime implements AutoCloseable {
    private final ClientNetwork network;
    private final long apiTimeoutMs;
    private final long retryBackoffMs;
    private Map<Integer, InetSocketAddress> nodes = Map.of();

    /**
     * @param apiTimeout   bound on one admin operation, retries included (Kafka's {@code default.api.timeout.ms})
     * @param retryBackoff wait between attempts after a retriable failure
     */
    public AdminRuntime(ClientNetworkConfig config, Duration apiTimeout, Duration retryBackoff) {
        this.network = new ClientNetwork(config);
        this.apiTimeoutMs = apiTimeout.toMillis();
        this.retryBackoffMs = Math.max(1, retryBackoff.toMillis());
    }

    /** The network, for operations that send requests. */
    public ClientNetwork network() {
        return network;
    }

    /** Bound on one operation, in ms. */
    public long apiTimeoutMs() {
        return apiTimeoutMs;
    }

    /**
     * Metadata for {@code topics} (null: every topic), straight from a broker, never creating a topic. Feeds the
     * brokers' addresses to the network.
     */
    public CompletableFuture<ClusterSnapshot> metadata(Collection<String> topics) {
        MetadataRequest request = MetadataManager.request(topics, false);
        return network.<MetadataResponse>sendToAny(request, (short) -1).thenApply(response -> {
            ErrorCode error = ErrorCode.forCode(response.errorCode());
            if (error != ErrorCode.NONE) {
                throw ApiErrorException.of(error, "Metadata request");
            }
            ClusterSnapshot snapshot = ClusterSnapshot.update(ClusterSnapshot.empty(), response);
            publishNodes(snapshot.nodes());
            return snapshot;
        });
    }

    /** Metadata for one topic that must exist: fails with {@link UnknownTopicException} (not retried) if not. */
    public CompletableFuture<ClusterSnapshot> existingTopic(String topic) {
        return metadata(List.of(topic)).thenApply(snapshot -> {
            if (snapshot.topic(topic) == null) {
                ErrorCode error = snapshot.topicError(topic);
                if (error == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION || error == ErrorCode.NONE) {
                    throw new UnknownTopicException("topic " + topic + " does not exist");
                }
                throw ApiErrorException.of(error, "metadata of topic " + topic);
            }
            return snapshot;
        });
    }

    /**
     * The node id of {@code groupId}'s coordinator; its address becomes known to the network.
     */
    public CompletableFuture<Integer> coordinator(String groupId) {
        FindCoordinatorRequest request = new FindCoordinatorRequest().key(groupId).keyType((byte) 0)
                .coordinatorKeys(List.of(groupId));
        return network.<FindCoordinatorResponse>sendToAny(request, (short) -1).thenApply(response -> {
            int nodeId;
            String host;
            int port;
            short errorCode;
            String message;
            if (!response.coordinators().isEmpty()) {
                FindCoordinatorResponse.Coordinator c = response.coordinators().get(0);
                nodeId = c.nodeId();
                host = c.host();
                port = c.port();
                errorCode = c.errorCode();
                message = c.errorMessage();
            } else {
                nodeId = response.nodeId();
                host = response.host();
                port = response.port();
                errorCode = response.errorCode();
                message = response.errorMessage();
            }
            ErrorCode error = ErrorCode.forCode(errorCode);
            if (error != ErrorCode.NONE) {
                throw ApiErrorException.of(error, "find the coordinator of group " + groupId
                        + (message == null ? "" : ": " + message));
            }
            InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
            if (!address.equals(nodes.get(nodeId))) {
                Map<Integer, InetSocketAddress> merged = new HashMap<>(nodes);
                merged.put(nodeId, address);
                publishNodes(merged);
            }
            return nodeId;
        });
    }

    private void publishNodes(Map<Integer, InetSocketAddress> update) {
        nodes = Map.copyOf(update);
        network.updateNodes(nodes);
    }

    /**
     * Runs {@code attempt}, and again after {@link #retryBackoffMs} while it fails retriably (a lost connection, a
     * coordinator moving, a timeout), until the API timeout; then fails with a {@link RunnelTimeoutException} that
     * carries the last error. An unknown topic is not retried: it fails at once.
     */
    public <T> CompletableFuture<T> retrying(String what, Supplier<CompletableFuture<T>> attempt) {
        return until(what, newDeadline(), attempt, v -> true);
    }

    /** As {@link #retrying(String, Supplier)} within a deadline shared with other steps of one operation. */
    public <T> CompletableFuture<T> retrying(String what, long deadlineNanos, Supplier<CompletableFuture<T>> attempt) {
        return until(what, deadlineNanos, attempt, v -> true);
    }

    /** The {@link System#nanoTime()} at which an operation starting now runs out of time. */
    public long newDeadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(apiTimeoutMs);
    }

    /**
     * Repeats {@code attempt} until its result satisfies {@code done} (a change becoming visible in metadata),
     * retrying failures as {@link #retrying} does; fails with a {@link RunnelTimeoutException} at
     * {@code deadlineNanos}.
     */
    public <T> CompletableFuture<T> until(String what, long deadlineNanos, Supplier<CompletableFuture<T>> attempt,
                                          Predicate<T> done) {
        CompletableFuture<T> result = new CompletableFuture<>();
        network.execute(() -> run(what, attempt, done, result, deadlineNanos));
        return result;
    }

    private <T> void run(String what, Supplier<CompletableFuture<T>> attempt, Predicate<T> done,
                         CompletableFuture<T> result, long deadline) {
        CompletableFuture<T> step;
        try {
            step = attempt.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        step.whenComplete((value, failure) -> {
            Throwable cause = unwrap(failure);
            boolean retry;
            if (cause == null) {
                boolean satisfied;
                try {
                    satisfied = done.test(value);
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                    return;
                }
                if (satisfied) {
                    result.complete(value);
                    return;
                }
                retry = true;
            } else {
                retry = cause instanceof RunnelException re && re.isRetriable()
                        && !(cause instanceof UnknownTopicException);
                if (!retry) {
                    result.completeExceptionally(cause);
                    return;
                }
            }
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMs <= retryBackoffMs) {
                result.completeExceptionally(new RunnelTimeoutException(what + " did not complete within "
                        + apiTimeoutMs + " ms" + (cause == null ? "" : "; last error: " + cause.getMessage()), cause));
                return;
            }
            network.eventLoop().schedule(() -> run(what, attempt, done, result, deadline), retryBackoffMs,
                    TimeUnit.MILLISECONDS);
        });
    }

    /** The exception inside the {@link CompletionException} or {@link ExecutionException} wrappers, if any. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Closes the network: requests still running fail. */
    @Override
    public void close() {
        network.close();
    }
}
