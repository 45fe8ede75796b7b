package io.runnel.broker.api;

/**
 * The authorized-operations bit fields that the describe APIs return when a client asks for them: every operation a
 * resource type supports, what Kafka reports without an authorizer. Metadata and DescribeCluster ask the ACL
 * authorizer instead ({@link Access}). Bit {@code n} stands for Kafka's ACL operation code {@code n}.
 */
public final class AuthorizedOperations {
    /** The value of an authorized-operations field the client did not ask for. */
    public static final int NOT_REQUESTED = Integer.MIN_VALUE;

    private static final int READ = 3;
    private static final int WRITE = 4;
    private static final int CREATE = 5;
    private static final int DELETE = 6;
    private static final int ALTER = 7;
    private static final int DESCRIBE = 8;
    private static final int CLUSTER_ACTION = 9;
    private static final int DESCRIBE_CONFIGS = 10;
    private static final int ALTER_CONFIGS = 11;
    private static final int IDEMPOTENT_WRITE = 12;

    /** Everything a topic supports: read, write, create, delete, alter, describe, describe/alter configs. */
    public static final int TOPIC = bits(READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS,
            ALTER_CONFIGS);

    /** Everything the cluster supports: create, alter, describe, cluster action, configs, idempotent write. */
    public static final int CLUSTER = bits(CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS,
            IDEMPOTENT_WRITE);

    /** Everything a group supports: read, delete, describe, describe/alter configs. */
    public static final int GROUP = bits(READ, DELETE, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS);

    private AuthorizedOperations() {
    }

    /** {@code allowed} when the client asked for the field, else {@link #NOT_REQUESTED}. */
    public static int ifRequested(boolean requested, int allowed) {
        return requested ? allowed : NOT_REQUESTED;
    }

    private static int bits(int... operations) {
        int field = 0;
        for (int operation : operations) {
            field |= 1 << operation;
        }
        return field;
    }
}
