package io.runnel.client.admin;

import java.util.Locale;
import java.util.Objects;

/**
 * One ACL, as Kafka's {@code kafka-acls} shows it: {@code principal} from {@code host} is allowed or denied
 * {@code operation} on the resources {@code resourceType}/{@code resourceName}/{@code patternType} names.
 *
 * @param resourceType TOPIC, GROUP, CLUSTER (named {@code kafka-cluster}) or TRANSACTIONAL_ID
 * @param resourceName the name, or the prefix for PREFIXED; {@code *} with LITERAL is every resource of the type
 * @param patternType  LITERAL or PREFIXED
 * @param principal    {@code User:alice}, or {@code User:*} for every user
 * @param host         the client's IP address, or {@code *}
 * @param operation    READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS,
 *                     IDEMPOTENT_WRITE, CLUSTER_ACTION or ALL
 * @param permission   ALLOW or DENY
 */
public record AclEntry(ResourceType resourceType, String resourceName, PatternType patternType, String principal,
                       String host, Operation operation, Permission permission) {
    /** Kafka's ACL resource types with their wire codes. */
    public enum ResourceType {
        TOPIC(2), GROUP(3), CLUSTER(4), TRANSACTIONAL_ID(5);

        private final byte code;

        ResourceType(int code) {
            this.code = (byte) code;
        }

        /** The wire code. */
        public byte code() {
            return code;
        }

        /** The constant with wire code {@code code}, or null. */
        public static ResourceType forCode(byte code) {
            for (ResourceType value : values()) {
                if (value.code == code) {
                    return value;
                }
            }
            return null;
        }
    }

    /** How the resource name matches: the name itself (or {@code *}), or every name that starts with it. */
    public enum PatternType {
        LITERAL(3), PREFIXED(4);

        private final byte code;

        PatternType(int code) {
            this.code = (byte) code;
        }

        /** The wire code. */
        public byte code() {
            return code;
        }

        /** The constant with wire code {@code code}, or null. */
        public static PatternType forCode(byte code) {
            for (PatternType value : values()) {
                if (value.code == code) {
                    return value;
                }
            }
            return null;
        }
    }

    /** Kafka's ACL operations with their wire codes. */
    public enum Operation {
        ALL(2), READ(3), WRITE(4), CREATE(5), DELETE(6), ALTER(7), DESCRIBE(8), CLUSTER_ACTION(9),
        DESCRIBE_CONFIGS(10), ALTER_CONFIGS(11), IDEMPOTENT_WRITE(12);

        private final byte code;

        Operation(int code) {
            this.code = (byte) code;
        }

        /** The wire code. */
        public byte code() {
            return code;
        }

        /** The constant with wire code {@code code}, or null. */
        public static Operation forCode(byte code) {
            for (Operation value : values()) {
                if (value.code == code) {
                    return value;
                }
            }
            return null;
        }
    }

    /** Allow or deny. */
    public enum Permission {
        DENY(2), ALLOW(3);

        private final byte code;

        Permission(int code) {
            this.code = (byte) code;
        }

        /** The wire code. */
        public byte code() {
            return code;
        }

        /** The constant with wire code {@code code}, or null. */
        public static Permission forCode(byte code) {
            for (Permission value : values()) {
                if (value.code == code) {
                    return value;
                }
            }
            return null;
        }
    }

    /** @throws IllegalArgumentException when a field is missing or the principal has no type */
    public AclEntry {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(patternType, "patternType");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permission, "permission");
        if (principal.indexOf(':') <= 0) {
            throw new IllegalArgumentException("principal " + principal + " must look like User:name");
        }
    }

    /** An ALLOW entry from any host. */
    public static AclEntry allow(ResourceType type, String name, PatternType pattern, String principal,
                                 Operation operation) {
        return new AclEntry(type, name, pattern, principal, "*", operation, Permission.ALLOW);
    }

    /** A DENY entry from any host. */
    public static AclEntry deny(ResourceType type, String name, PatternType pattern, String principal,
                                Operation operation) {
        return new AclEntry(type, name, pattern, principal, "*", operation, Permission.DENY);
    }

    @Override
    public String toString() {
        return permission + " " + principal + " " + operation + " on " + resourceType.name().toLowerCase(Locale.ROOT)
                + " " + resourceName + (patternType == PatternType.PREFIXED ? "*" : "") + " from " + host;
    }
}
