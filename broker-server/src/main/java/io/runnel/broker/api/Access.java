package io.runnel.broker.api;

import io.runnel.broker.network.RequestContext;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.AclResourceType;

/**
 * The authorization checks handlers make, as Kafka's request handlers make them: the connection's principal and
 * host against the ACLs for one operation on one resource. Allocation-free; with no authorizer every check passes.
 */
final class Access {
    private Access() {
    }

    static boolean topic(BrokerContext broker, RequestContext context, AclOperation operation, String topic) {
        return broker.authorizer().authorize(context.session(), operation, AclResourceType.TOPIC, topic);
    }

    static boolean group(BrokerContext broker, RequestContext context, AclOperation operation, String group) {
        return broker.authorizer().authorize(context.session(), operation, AclResourceType.GROUP, group);
    }

    static boolean cluster(BrokerContext broker, RequestContext context, AclOperation operation) {
        return broker.authorizer().authorizeCluster(context.session(), operation);
    }

    /** The transactional APIs: WRITE on the transactional id. */
    static boolean transactionalId(BrokerContext broker, RequestContext context, String transactionalId) {
        return broker.authorizer().authorize(context.session(), AclOperation.WRITE,
                AclResourceType.TRANSACTIONAL_ID, transactionalId);
    }

    /** CreateTopics and auto-creation: CREATE on the cluster, or on the topic. */
    static boolean mayCreateTopic(BrokerContext broker, RequestContext context, String topic) {
        return cluster(broker, context, AclOperation.CREATE) || topic(broker, context, AclOperation.CREATE, topic);
    }

    /** The authorized-operations bits of a topic: what Metadata and DescribeTopics report when asked. */
    static int topicOperations(BrokerContext broker, RequestContext context, String topic) {
        return broker.authorizer().authorizedOperations(context.session(), AclResourceType.TOPIC, topic,
                AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE, AclOperation.ALTER,
                AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    }

    /** The authorized-operations bits of the cluster. */
    static int clusterOperations(BrokerContext broker, RequestContext context) {
        return broker.authorizer().authorizedOperations(context.session(), AclResourceType.CLUSTER,
                AclResourceType.CLUSTER_NAME, AclOperation.CREATE, AclOperation.ALTER, AclOperation.DESCRIBE,
                AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
                AclOperation.IDEMPOTENT_WRITE);
    }

    /** The authorized-operations bits of a group. */
    static int groupOperations(BrokerContext broker, RequestContext context, String group) {
        return broker.authorizer().authorizedOperations(context.session(), AclResourceType.GROUP, group,
                AclOperation.READ, AclOperation.DELETE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
                AclOperation.ALTER_CONFIGS);
    }
}
