package io.runnel.client;

import java.util.Map;

/** Stand-in for client-core's OffsetOutOfRangeException until CORE-READY is merged. */
public class OffsetOutOfRangeException extends RunnelException {
    private final Map<TopicPartition, Long> offsets;

    public OffsetOutOfRangeException(String message, Map<TopicPartition, Long> offsets) {
        super(message);
        this.offsets = Map.copyOf(offsets);
    }

    public Map<TopicPartition, Long> offsets() {
        return offsets;
    }
}
