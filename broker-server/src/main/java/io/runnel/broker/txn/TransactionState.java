package io.runnel.broker.txn;

/**
 * The states of a transactional id, with the ids Kafka writes into {@code __transaction_state} and the names
 * DescribeTransactions and ListTransactions report.
 *
 * <pre>
 * Empty ──AddPartitions──▶ Ongoing ──EndTxn──▶ PrepareCommit ──markers written──▶ CompleteCommit
 *   ▲                        │  └──EndTxn(abort), timeout, fence──▶ PrepareAbort ──markers──▶ CompleteAbort
 *   └──InitProducerId── Complete* ◀────────────────────────────────────────────────────────────┘
 * </pre>
 * Dead is an id being expired; PrepareEpochFence is Kafka's in-memory state while an abort bumps the epoch (Runnel
 * goes to PrepareAbort with the bumped epoch directly and never writes it).
 */
public enum TransactionState {
    EMPTY(0, "Empty"),
    ONGOING(1, "Ongoing"),
    PREPARE_COMMIT(2, "PrepareCommit"),
    PREPARE_ABORT(3, "PrepareAbort"),
    COMPLETE_COMMIT(4, "CompleteCommit"),
    COMPLETE_ABORT(5, "CompleteAbort"),
    DEAD(6, "Dead"),
    PREPARE_EPOCH_FENCE(7, "PrepareEpochFence");

    private static final TransactionState[] BY_ID = values();

    private final byte id;
    private final String kafkaName;

    TransactionState(int id, String kafkaName) {
        this.id = (byte) id;
        this.kafkaName = kafkaName;
    }

    /** The byte stored in {@code __transaction_state}. */
    public byte id() {
        return id;
    }

    /** The name Kafka's tools show and filter by. */
    public String kafkaName() {
        return kafkaName;
    }

    /** Whether markers are being written: the transaction's outcome is decided but not yet in every partition. */
    public boolean isPreparing() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }

    /** Whether no transaction is open: a new one may start, or the producer may be re-initialised. */
    public boolean isIdle() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }

    /** The state stored under {@code id}. */
    public static TransactionState fromId(byte id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new IllegalArgumentException("unknown transaction state id " + id);
        }
        return BY_ID[id];
    }

    /** The state Kafka names {@code name}, or null. */
    public static TransactionState fromKafkaName(String name) {
        for (TransactionState state : BY_ID) {
            if (state.kafkaName.equals(name)) {
                return state;
            }
        }
        return null;
    }
}
