package io.runnel.cli.security;

import io.runnel.client.admin.AclEntry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The options that name ACLs for {@code acls create} and {@code acls delete}, as kafka-acls spells them. */
final class AclOptions {
    @Option(names = "--principal", required = true, paramLabel = "User:NAME",
            description = "Who the ACL is for: User:alice, or User:* for everyone.")
    String principal;

    @Option(names = "--operation", required = true, paramLabel = "OP", split = ",",
            description = "READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS, "
                    + "IDEMPOTENT_WRITE, CLUSTER_ACTION or ALL; several separated by commas.")
    List<AclEntry.Operation> operations;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Resource resource;

    @Option(names = "--prefixed", description = "The name is a prefix: every resource whose name starts with it.")
    boolean prefixed;

    @Option(names = "--deny", description = "Deny instead of allow; a DENY beats every ALLOW.")
    boolean deny;

    @Option(names = "--host", defaultValue = "*", paramLabel = "IP",
            description = "The client address it applies to (default: any).")
    String host;

    /** Exactly one resource. */
    static final class Resource {
        @Option(names = "--topic", paramLabel = "NAME", description = "A topic (* for every topic).")
        String topic;
        @Option(names = "--group", paramLabel = "NAME", description = "A consumer group (* for every group).")
        String group;
        @Option(names = "--transactional-id", paramLabel = "ID", description = "A transactional id.")
        String transactionalId;
        @Option(names = "--cluster", description = "The cluster (topic creation, ACL and user management, ...).")
        boolean cluster;
    }

    /** One entry per operation. */
    List<AclEntry> entries() {
        AclEntry.ResourceType type;
        String name;
        if (resource.topic != null) {
            type = AclEntry.ResourceType.TOPIC;
            name = resource.topic;
        } else if (resource.group != null) {
            type = AclEntry.ResourceType.GROUP;
            name = resource.group;
        } else if (resource.transactionalId != null) {
            type = AclEntry.ResourceType.TRANSACTIONAL_ID;
            name = resource.transactionalId;
        } else {
            type = AclEntry.ResourceType.CLUSTER;
            name = "kafka-cluster";
        }
        List<AclEntry> entries = new ArrayList<>();
        for (AclEntry.Operation operation : operations) {
            entries.add(new AclEntry(type, name, prefixed ? AclEntry.PatternType.PREFIXED
                    : AclEntry.PatternType.LITERAL, principal, host, operation,
                    deny ? AclEntry.Permission.DENY : AclEntry.Permission.ALLOW));
        }
        return entries;
    }
}
