package io.runnel.client.internal.consumer;

import io.runnel.client.internal.metadata.ClusterSnapshot;
import io.runnel.client.internal.metadata.MetadataManager;
import io.runnel.client.internal.metadata.TopicMetadata;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A pattern subscription resolved on the client: every metadata interval it lists all topics (Metadata for all
 * topics, which any broker answers) and keeps those whose whole name matches, internal topics left out. The group
 * only ever sees topic names, so this works with either group protocol and any broker. Polling thread only.
 */
final class TopicPatternSubscription {
    private final MetadataManager metadata;
    private final LongSupplier clock;
    private final long intervalMs;
    private Pattern pattern;
    private Set<String> topics = Set.of();
    private CompletableFuture<ClusterSnapshot> listing;
    private long nextListing;

    TopicPatternSubscription(MetadataManager metadata, LongSupplier clock, long intervalMs) {
        this.metadata = metadata;
        this.clock = clock;
        this.intervalMs = intervalMs;
    }

    void start(Pattern newPattern) {
        pattern = newPattern;
        topics = Set.of();
        listing = null;
        nextListing = 0;
    }

    void clear() {
        pattern = null;
        topics = Set.of();
        listing = null;
    }

    boolean active() {
        return pattern != null;
    }

    Set<String> topics() {
        return topics;
    }

    /**
     * The matching topics when a listing finished since the last call (the caller compares them with the
     * subscription), else null; starts the next listing when the interval has passed.
     */
    Set<String> check() {
        if (pattern == null) {
            return null;
        }
        Set<String> result = null;
        if (listing != null && listing.isDone()) {
            if (!listing.isCompletedExceptionally()) {
                result = matching(listing.join());
                topics = result;
            }
            listing = null;
        }
        long now = clock.getAsLong();
        if (listing == null && now >= nextListing) {
            nextListing = now + intervalMs;
            listing = metadata.refreshAllTopics();
        }
        return result;
    }

    private Set<String> matching(ClusterSnapshot snapshot) {
        Set<String> out = new TreeSet<>();
        for (TopicMetadata topic : snapshot.topics().values()) {
            if (!topic.internal() && pattern.matcher(topic.name()).matches()) {
                out.add(topic.name());
            }
        }
        return Set.copyOf(out);
    }
}
