package io.runnel.broker.fetch;

import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.broker.topic.TopicRegistry;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.FetchRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A Fetch request resolved against the topic registry once: for each requested partition, in request order, the
 * partition to read and where, or the error it gets without a read (unknown topic, name or id; leader epoch).
 * A parked fetch keeps its plan and reads it again when it wakes.
 */
final class FetchPlan {
    /** One requested topic, named as the request named it (by name before v13, by id from v13). */
    record Topic(String name, UUID id, List<Partition> partitions) {
    }

    /** One requested partition. */
    static final class Partition {
        final int index;
        final long fetchOffset;
        final int maxBytes;
        /** The partition to read; null when {@link #error} is set. */
        final TopicPartition topicPartition;
        /** The answer without a read, or null. */
        final ErrorCode error;
        /** The log end offset seen just before the latest read: an append after it has moved it. */
        volatile long endSeen = -1;

        Partition(int index, long fetchOffset, int maxBytes, TopicPartition topicPartition, ErrorCode error) {
            this.index = index;
            this.fetchOffset = fetchOffset;
            this.maxBytes = maxBytes;
            this.topicPartition = topicPartition;
            this.error = error;
        }
    }

    private final short version;
    private final int maxBytes;
    private final boolean readCommitted;
    private final List<Topic> topics;
    private final int partitionCount;

    private FetchPlan(short version, int maxBytes, boolean readCommitted, List<Topic> topics, int partitionCount) {
        this.version = version;
        this.maxBytes = maxBytes;
        this.readCommitted = readCommitted;
        this.topics = topics;
        this.partitionCount = partitionCount;
    }

    /**
     * Resolves {@code request} (at {@code version}) against {@code registry}; a topic {@code access} does not allow
     * is TOPIC_AUTHORIZATION_FAILED whether it exists or not (by id: only when it exists, else UNKNOWN_TOPIC_ID).
     */
    static FetchPlan resolve(FetchRequest request, short version, TopicRegistry registry, TopicReadAccess access) {
        boolean byId = version >= 13;
        List<FetchRequest.FetchTopic> requested = request.topics();
        List<Topic> topics = new ArrayList<>(requested.size());
        int count = 0;
        for (int t = 0, n = requested.size(); t < n; t++) {
            FetchRequest.FetchTopic ft = requested.get(t);
            TopicInfo info = byId ? registry.get(ft.topicId()) : registry.get(ft.topic());
            String name = info != null ? info.name() : byId ? null : ft.topic();
            ErrorCode topicError = name != null && !access.mayRead(name) ? ErrorCode.TOPIC_AUTHORIZATION_FAILED
                    : info != null ? null : byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
            List<FetchRequest.FetchPartition> fps = ft.partitions();
            List<Partition> partitions = new ArrayList<>(fps.size());
            for (int p = 0, m = fps.size(); p < m; p++) {
                FetchRequest.FetchPartition fp = fps.get(p);
                ErrorCode error = topicError;
                TopicPartition tp = null;
                if (error == null && (fp.partition() < 0 || fp.partition() >= info.partitionCount())) {
                    error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
                }
                if (error == null) {
                    error = LeaderEpochs.check(fp.currentLeaderEpoch());
                }
                if (error == null) {
                    tp = info.partition(fp.partition());
                }
                partitions.add(new Partition(fp.partition(), fp.fetchOffset(), fp.partitionMaxBytes(), tp, error));
            }
            count += partitions.size();
            topics.add(new Topic(byId ? null : ft.topic(), byId ? ft.topicId() : null, partitions));
        }
        return new FetchPlan(version, request.maxBytes(), request.isolationLevel() == 1, topics, count);
    }

    /** The request's version, which the response is encoded at. */
    short version() {
        return version;
    }

    /** The response's limit over all partitions (KIP-74: the first batch may exceed it). */
    int maxBytes() {
        return maxBytes;
    }

    /** READ_COMMITTED isolation: read up to the last stable offset, answered with the aborted transactions. */
    boolean readCommitted() {
        return readCommitted;
    }

    List<Topic> topics() {
        return topics;
    }

    int partitionCount() {
        return partitionCount;
    }

    /** True when some partition already has an error: such a fetch is answered at once, as Kafka does. */
    boolean hasResolutionError() {
        for (Topic t : topics) {
            for (Partition p : t.partitions()) {
                if (p.error != null) {
                    return true;
                }
            }
        }
        return false;
    }
}
