package io.runnel.broker.security;

/**
 * How an ACL's resource name matches (KIP-290): LITERAL (the name, or every resource for {@code *}) or PREFIXED
 * (every name that starts with it). ANY and MATCH exist only in filters.
 */
public enum AclPatternType {
    UNKNOWN(0), ANY(1), MATCH(2), LITERAL(3), PREFIXED(4);

    private static final AclPatternType[] BY_CODE = values();

    private final byte code;

    AclPatternType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type with this code, or {@link #UNKNOWN}. */
    public static AclPatternType forCode(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
