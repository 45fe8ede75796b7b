package io.runnel.broker.security;

/** Kafka's ACL operations with their wire codes (CreateAcls, DescribeAcls, DeleteAcls, authorized-operations bits). */
public enum AclOperation {
    UNKNOWN(0), ANY(1), ALL(2), READ(3), WRITE(4), CREATE(5), DELETE(6), ALTER(7), DESCRIBE(8), CLUSTER_ACTION(9),
    DESCRIBE_CONFIGS(10), ALTER_CONFIGS(11), IDEMPOTENT_WRITE(12), CREATE_TOKENS(13), DESCRIBE_TOKENS(14),
    TWO_PHASE_COMMIT(15);

    private static final AclOperation[] BY_CODE = values();

    private final byte code;

    AclOperation(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The operation with this code, or {@link #UNKNOWN}. */
    public static AclOperation forCode(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }

    /**
     * True when an ALLOW ACL for this operation allows {@code wanted}: itself, everything for ALL, and as in Kafka
     * DESCRIBE for READ, WRITE, DELETE and ALTER, DESCRIBE_CONFIGS for ALTER_CONFIGS.
     */
    public boolean allows(AclOperation wanted) {
        if (this == ALL || this == wanted) {
            return true;
        }
        if (wanted == DESCRIBE) {
            return this == READ || this == WRITE || this == DELETE || this == ALTER;
        }
        return wanted == DESCRIBE_CONFIGS && this == ALTER_CONFIGS;
    }
}
