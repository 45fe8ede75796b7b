package io.runnel.broker.security;

/** Whether an ACL allows or denies, with Kafka's wire codes; ANY exists only in filters. */
public enum AclPermission {
    UNKNOWN(0), ANY(1), DENY(2), ALLOW(3);

    private static final AclPermission[] BY_CODE = values();

    private final byte code;

    AclPermission(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The permission with this code, or {@link #UNKNOWN}. */
    public static AclPermission forCode(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
