package io.runnel.broker.group.core;

/**
 * The broker's topics as the coordinator last read them from its {@link TopicMetadataSource}. Read again on the
 * coordinator thread when the broker reports a change, so every group event sees one consistent image. Used only on
 * the coordinator thread.
 */
public final class CoordinatorTopics {
    private final TopicMetadataSource source;
    private TopicMetadataImage current;

    public CoordinatorTopics(TopicMetadataSource source) {
        this.source = source;
        this.current = source.currentTopics();
    }

    public TopicMetadataImage current() {
        return current;
    }

    /** Reads the source again; true when the topics differ from the previous image. */
    public boolean refresh() {
        TopicMetadataImage next = source.currentTopics();
        boolean changed = !next.equals(current);
        current = next;
        return changed;
    }

    /** Whether {@code topic} exists now with a partition {@code partition}. */
    public boolean exists(String topic, int partition) {
        return partition >= 0 && current.byName(topic).map(t -> partition < t.partitionCount()).orElse(false);
    }
}
