package io.runnel.broker.topic;

/**
 * A partition of a topic: the broker's one partition type, for logs, fetches, produce, groups' committed offsets
 * and assignments alike (partitions named by topic id are {@code group.assignor.TopicIdPartition}'s concern). Its
 * log directory is named {@code <topic>-<partition>}; topic names never end in {@code -<digits>} ambiguity because
 * the partition is always the part after the last dash. Its string form is the directory name.
 */
public record TopicPartition(String topic, int partition) {
    public TopicPartition {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("topic name must not be empty");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition " + partition + " of topic " + topic + " is negative");
        }
    }

    /** The name of the partition's log directory. */
    public String dirName() {
        return topic + "-" + partition;
    }

    /** Parses a log directory name; null when it is not {@code <topic>-<digits>}. */
    public static TopicPartition fromDirName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1 || name.length() - dash > 11) {
            return null;
        }
        for (int i = dash + 1; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return null;
            }
        }
        long p = Long.parseLong(name.substring(dash + 1));
        if (p > Integer.MAX_VALUE) {
            return null;
        }
        return new TopicPartition(name.substring(0, dash), (int) p);
    }

    @Override
    public String toString() {
        return dirName();
    }
}
