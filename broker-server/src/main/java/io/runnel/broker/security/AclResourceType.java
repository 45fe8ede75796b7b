package io.runnel.broker.security;

/** Kafka's ACL resource types with their wire codes. */
public enum AclResourceType {
    UNKNOWN(0), ANY(1), TOPIC(2), GROUP(3), CLUSTER(4), TRANSACTIONAL_ID(5), DELEGATION_TOKEN(6), USER(7);

    /** The one name the cluster resource has. */
    public static final String CLUSTER_NAME = "kafka-cluster";
    private static final AclResourceType[] BY_CODE = values();

    private final byte code;

    AclResourceType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type with this code, or {@link #UNKNOWN}. */
    public static AclResourceType forCode(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
