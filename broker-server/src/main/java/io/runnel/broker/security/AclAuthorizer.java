package io.runnel.broker.security;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.SecurityConfigKeys;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kafka's ACL authorization: may this connection do this operation on this resource? Super users may do
 * everything; otherwise the ACLs that apply to the resource (its literal name, {@code *}, and every prefix ACL the
 * name starts with) decide: a matching DENY wins over any ALLOW, an ALLOW of the operation (or of one that implies
 * it, {@link AclOperation#allows}) allows, and a resource no ACL applies to is open only when
 * {@code allow.everyone.if.no.acl.found=true}. With no authorizer configured every request is allowed.
 *
 * <p>Threads: {@link #authorize} runs on the network threads against an immutable index published through a
 * volatile field; it neither locks nor allocates. Changes ({@link #add}, {@link #remove}) write the ACL file and run
 * on the security thread only.
 */
public final class AclAuthorizer {
    /** The ACLs of one resource type, indexed by how they match a name. */
    private record TypeIndex(Map<String, AclBinding[]> literal, AclBinding[] wildcard, AclBinding[] prefixed) {
        static final TypeIndex EMPTY = new TypeIndex(Map.of(), new AclBinding[0], new AclBinding[0]);
    }

    private static final AclBinding[] NONE = new AclBinding[0];
    private static final AclAuthorizer DISABLED = new AclAuthorizer(false, Set.of(), true, null);

    private final boolean enabled;
    private final Set<String> superUsers;
    private final boolean allowIfNoAcl;
    private final AclStore store;
    private volatile TypeIndex[] index;

    private AclAuthorizer(boolean enabled, Set<String> superUsers, boolean allowIfNoAcl, AclStore store) {
        this.enabled = enabled;
        this.superUsers = superUsers;
        this.allowIfNoAcl = allowIfNoAcl;
        this.store = store;
        this.index = build(store == null ? List.of() : store.all());
    }

    /** No authorizer: everything is allowed (for brokers and in-process users without security). */
    public static AclAuthorizer disabled() {
        return DISABLED;
    }

    /**
     * The authorizer {@code config} asks for, with the ACLs stored in {@code dataDir}.
     *
     * @throws java.io.UncheckedIOException when the ACL file cannot be read
     */
    public static AclAuthorizer open(BrokerConfig config, Path dataDir) {
        return new AclAuthorizer(!config.get(SecurityConfigKeys.AUTHORIZER_CLASS_NAME).isEmpty(),
                Set.copyOf(config.get(SecurityConfigKeys.SUPER_USERS)),
                config.get(SecurityConfigKeys.ALLOW_EVERYONE_IF_NO_ACL_FOUND), AclStore.open(dataDir));
    }

    /** True when an authorizer is configured; false: everything is allowed and the ACL APIs answer SECURITY_DISABLED. */
    public boolean isEnabled() {
        return enabled;
    }

    /** True when {@code session} may do {@code operation} on the resource {@code type}/{@code name}. */
    public boolean authorize(ConnectionSession session, AclOperation operation, AclResourceType type, String name) {
        if (isUnrestricted(session)) {
            return true;
        }
        String principal = session.principalText();
        TypeIndex acls = index[type.ordinal()];
        AclBinding[] literal = acls.literal().get(name);
        int applicable = 0;
        boolean allowed = false;
        for (int pass = 0; pass < 3; pass++) {
            AclBinding[] candidates = pass == 0 ? (literal == null ? NONE : literal)
                    : pass == 1 ? acls.wildcard() : acls.prefixed();
            for (AclBinding acl : candidates) {
                if (pass == 2 && !name.startsWith(acl.resourceName())) {
                    continue;
                }
                applicable++;
                if (!acl.matchesClient(principal, session.clientHost())) {
                    continue;
                }
                if (acl.permission() == AclPermission.DENY) {
                    if (acl.operation() == operation || acl.operation() == AclOperation.ALL) {
                        return false;
                    }
                } else if (acl.operation().allows(operation)) {
                    allowed = true;
                }
            }
        }
        return applicable == 0 ? allowIfNoAcl : allowed;
    }

    /** No authorizer, or a super user: no ACL is looked at. */
    private boolean isUnrestricted(ConnectionSession session) {
        return !enabled || superUsers.contains(session.principalText());
    }

    /** {@link #authorize} on the cluster resource. */
    public boolean authorizeCluster(ConnectionSession session, AclOperation operation) {
        return authorize(session, operation, AclResourceType.CLUSTER, AclResourceType.CLUSTER_NAME);
    }

    /**
     * True when {@code session} may do {@code operation} on some resource of {@code type} (Kafka's
     * authorizeByResourceType, used for idempotent producers): a super user, an ALLOW ACL of any pattern for the
     * principal that no DENY on every resource ({@code *}) cancels, or no ACL on the type at all with
     * allow.everyone.if.no.acl.found.
     */
    public boolean authorizeAny(ConnectionSession session, AclOperation operation, AclResourceType type) {
        if (isUnrestricted(session)) {
            return true;
        }
        String principal = session.principalText();
        TypeIndex acls = index[type.ordinal()];
        for (AclBinding acl : acls.wildcard()) {
            if (acl.permission() == AclPermission.DENY && acl.matchesClient(principal, session.clientHost())
                    && (acl.operation() == operation || acl.operation() == AclOperation.ALL)) {
                return false;
            }
        }
        boolean any = false;
        for (AclBinding acl : acls()) {
            if (acl.resourceType() != type) {
                continue;
            }
            any = true;
            if (acl.permission() == AclPermission.ALLOW && acl.operation().allows(operation)
                    && acl.matchesClient(principal, session.clientHost())) {
                return true;
            }
        }
        return !any && allowIfNoAcl;
    }

    /** The bits of Kafka's operation codes that {@code session} may do on the resource, among {@code candidates}. */
    public int authorizedOperations(ConnectionSession session, AclResourceType type, String name,
                                    AclOperation... candidates) {
        int bits = 0;
        for (AclOperation operation : candidates) {
            if (authorize(session, operation, type, name)) {
                bits |= 1 << operation.code();
            }
        }
        return bits;
    }

    /** Every ACL. */
    public List<AclBinding> acls() {
        return store == null ? List.of() : store.all();
    }

    /** Adds ACLs durably and makes them effective. Security thread only. */
    public void add(List<AclBinding> acls) {
        store.add(acls);
        index = build(store.all());
    }

    /** Removes the ACLs matching each filter, durably; returns what each filter removed. Security thread only. */
    public List<List<AclBinding>> remove(List<AclFilter> filters) {
        List<List<AclBinding>> removed = store.remove(filters);
        index = build(store.all());
        return removed;
    }

    private static TypeIndex[] build(List<AclBinding> acls) {
        Map<AclResourceType, Map<String, List<AclBinding>>> literal = new EnumMap<>(AclResourceType.class);
        Map<AclResourceType, List<AclBinding>> wildcard = new EnumMap<>(AclResourceType.class);
        Map<AclResourceType, List<AclBinding>> prefixed = new EnumMap<>(AclResourceType.class);
        for (AclBinding acl : acls) {
            AclResourceType type = acl.resourceType();
            if (acl.patternType() == AclPatternType.PREFIXED) {
                prefixed.computeIfAbsent(type, t -> new ArrayList<>()).add(acl);
            } else if (acl.resourceName().equals(AclBinding.WILDCARD)) {
                wildcard.computeIfAbsent(type, t -> new ArrayList<>()).add(acl);
            } else {
                literal.computeIfAbsent(type, t -> new HashMap<>())
                        .computeIfAbsent(acl.resourceName(), n -> new ArrayList<>()).add(acl);
            }
        }
        TypeIndex[] index = new TypeIndex[AclResourceType.values().length];
        for (AclResourceType type : AclResourceType.values()) {
            Map<String, AclBinding[]> byName = new HashMap<>();
            for (Map.Entry<String, List<AclBinding>> entry : literal.getOrDefault(type, Map.of()).entrySet()) {
                byName.put(entry.getKey(), entry.getValue().toArray(NONE));
            }
            index[type.ordinal()] = byName.isEmpty() && !wildcard.containsKey(type) && !prefixed.containsKey(type)
                    ? TypeIndex.EMPTY : new TypeIndex(byName, wildcard.getOrDefault(type, List.of()).toArray(NONE),
                    prefixed.getOrDefault(type, List.of()).toArray(NONE));
        }
        return index;
    }
}
