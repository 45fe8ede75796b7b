package io.runnel.broker.group.consumer;

/** The state of a consumer-protocol group as Kafka reports it (ConsumerGroupDescribe, ListGroups). */
public enum ConsumerGroupState {
    EMPTY("Empty"),
    ASSIGNING("Assigning"),
    RECONCILING("Reconciling"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String kafkaName;

    ConsumerGroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The name on the wire, as Kafka spells it. */
    public String kafkaName() {
        return kafkaName;
    }
}
