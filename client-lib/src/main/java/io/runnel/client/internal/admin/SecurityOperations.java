package io.runnel.client.internal.admin;

import io.runnel.client.ApiErrorException;
import io.runnel.client.admin.AclEntry;
import io.runnel.client.admin.ScramCredentialInfo;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.sasl.ScramFormulas;
import io.runnel.protocol.message.AlterUserScramCredentialsRequest;
import io.runnel.protocol.message.AlterUserScramCredentialsResponse;
import io.runnel.protocol.message.CreateAclsRequest;
import io.runnel.protocol.message.CreateAclsResponse;
import io.runnel.protocol.message.DeleteAclsRequest;
import io.runnel.protocol.message.DeleteAclsResponse;
import io.runnel.protocol.message.DescribeAclsRequest;
import io.runnel.protocol.message.DescribeAclsResponse;
import io.runnel.protocol.message.DescribeUserScramCredentialsRequest;
import io.runnel.protocol.message.DescribeUserScramCredentialsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The security half of the admin client: ACLs (Describe/Create/DeleteAcls) and SCRAM users
 * (Describe/AlterUserScramCredentials). A new password is salted and hashed here, so it never travels. Requests go
 * to any broker.
 *
 * <p>Thread rules: stateless apart from the runtime; every method may be called from any thread.
 */
public final class SecurityOperations {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityOperations.class);
    private static final byte ANY = 1;
    private static final byte SCRAM_SHA_256 = 1;
    private static final byte SCRAM_SHA_512 = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminRuntime runtime;

    /** Security operations over {@code runtime}'s network. */
    public SecurityOperations(AdminRuntime runtime) {
        this.runtime = runtime;
    }

    /** Every ACL. */
    public CompletableFuture<List<AclEntry>> listAcls() {
        DescribeAclsRequest request = new DescribeAclsRequest().resourceTypeFilter(ANY).resourceNameFilter(null)
                .patternTypeFilter(ANY).principalFilter(null).hostFilter(null).operation(ANY).permissionType(ANY);
        return runtime.retrying("list ACLs", () -> runtime.network()
                .<DescribeAclsResponse>sendToAny(request, (short) -1).thenApply(response -> {
                    TopicOperations.check(response.errorCode(), response.errorMessage(), "list ACLs");
                    List<AclEntry> entries = new ArrayList<>();
                    for (DescribeAclsResponse.DescribeAclsResource resource : response.resources()) {
                        for (DescribeAclsResponse.AclDescription acl : resource.acls()) {
                            entries.add(entry(resource.resourceType(), resource.resourceName(),
                                    resource.patternType(), acl.principal(), acl.host(), acl.operation(),
                                    acl.permissionType()));
                        }
                    }
                    return entries;
                }));
    }

    /** Adds {@code entries}; fails with the broker's error for the first one it refused. */
    public CompletableFuture<Void> createAcls(Collection<AclEntry> entries) {
        List<CreateAclsRequest.AclCreation> creations = new ArrayList<>();
        for (AclEntry entry : entries) {
            creations.add(new CreateAclsRequest.AclCreation().resourceType(entry.resourceType().code())
                    .resourceName(entry.resourceName()).resourcePatternType(entry.patternType().code())
                    .principal(entry.principal()).host(entry.host()).operation(entry.operation().code())
                    .permissionType(entry.permission().code()));
        }
        CreateAclsRequest request = new CreateAclsRequest().creations(creations);
        return runtime.retrying("create ACLs", () -> runtime.network()
                .<CreateAclsResponse>sendToAny(request, (short) -1).thenAccept(response -> {
                    List<AclEntry> list = List.copyOf(entries);
                    for (int i = 0; i < response.results().size(); i++) {
                        CreateAclsResponse.AclCreationResult result = response.results().get(i);
                        TopicOperations.check(result.errorCode(), result.errorMessage(), "create ACL "
                                + list.get(i));
                    }
                    LOG.info("created ACLs {}", entries);
                }));
    }

    /** Removes exactly {@code entries}; returns the ACLs the broker removed. */
    public CompletableFuture<List<AclEntry>> deleteAcls(Collection<AclEntry> entries) {
        List<DeleteAclsRequest.DeleteAclsFilter> filters = new ArrayList<>();
        for (AclEntry entry : entries) {
            filters.add(new DeleteAclsRequest.DeleteAclsFilter().resourceTypeFilter(entry.resourceType().code())
                    .resourceNameFilter(entry.resourceName()).patternTypeFilter(entry.patternType().code())
                    .principalFilter(entry.principal()).hostFilter(entry.host()).operation(entry.operation().code())
                    .permissionType(entry.permission().code()));
        }
        DeleteAclsRequest request = new DeleteAclsRequest().filters(filters);
        return runtime.retrying("delete ACLs", () -> runtime.network()
                .<DeleteAclsResponse>sendToAny(request, (short) -1).thenApply(response -> {
                    List<AclEntry> removed = new ArrayList<>();
                    for (DeleteAclsResponse.DeleteAclsFilterResult result : response.filterResults()) {
                        TopicOperations.check(result.errorCode(), result.errorMessage(), "delete ACLs");
                        for (DeleteAclsResponse.DeleteAclsMatchingAcl acl : result.matchingAcls()) {
                            removed.add(entry(acl.resourceType(), acl.resourceName(), acl.patternType(),
                                    acl.principal(), acl.host(), acl.operation(), acl.permissionType()));
                        }
                    }
                    LOG.info("deleted ACLs {}", removed);
                    return removed;
                }));
    }

    private static AclEntry entry(byte type, String name, byte pattern, String principal, String host,
                                  byte operation, byte permission) {
        AclEntry.ResourceType resourceType = AclEntry.ResourceType.forCode(type);
        AclEntry.PatternType patternType = AclEntry.PatternType.forCode(pattern);
        AclEntry.Operation op = AclEntry.Operation.forCode(operation);
        AclEntry.Permission perm = AclEntry.Permission.forCode(permission);
        if (resourceType == null || patternType == null || op == null || perm == null) {
            throw new ApiErrorException(ErrorCode.UNKNOWN_SERVER_ERROR, "the broker described an ACL with codes "
                    + "this client does not know: type " + type + ", pattern " + pattern + ", operation "
                    + operation + ", permission " + permission);
        }
        return new AclEntry(resourceType, name, patternType, principal, host, op, perm);
    }

    /** Every user with SCRAM credentials, by name, with the mechanisms and iteration counts they have. */
    public CompletableFuture<Map<String, List<ScramCredentialInfo>>> listUsers() {
        DescribeUserScramCredentialsRequest request = new DescribeUserScramCredentialsRequest().users(null);
        return runtime.retrying("list users", () -> runtime.network()
                .<DescribeUserScramCredentialsResponse>sendToAny(request, (short) -1).thenApply(response -> {
                    TopicOperations.check(response.errorCode(), response.errorMessage(), "list users");
                    Map<String, List<ScramCredentialInfo>> users = new TreeMap<>();
                    for (DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult user
                            : response.results()) {
                        TopicOperations.check(user.errorCode(), user.errorMessage(), "describe user " + user.user());
                        List<ScramCredentialInfo> credentials = new ArrayList<>();
                        for (DescribeUserScramCredentialsResponse.CredentialInfo info : user.credentialInfos()) {
                            credentials.add(new ScramCredentialInfo(info.mechanism() == SCRAM_SHA_512
                                    ? "SCRAM-SHA-512" : "SCRAM-SHA-256", info.iterations()));
                        }
                        users.put(user.user(), List.copyOf(credentials));
                    }
                    return users;
                }));
    }

    /**
     * Sets the password of {@code user} for {@code mechanism} (SCRAM-SHA-256 or SCRAM-SHA-512), salted here with
     * {@code iterations} PBKDF2 rounds; creates the user if needed.
     */
    public CompletableFuture<Void> upsertUser(String user, String mechanism, String password, int iterations) {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        byte[] salted = ScramFormulas.of(mechanism).saltedPassword(password, salt, iterations);
        AlterUserScramCredentialsRequest request = new AlterUserScramCredentialsRequest().upsertions(List.of(
                new AlterUserScramCredentialsRequest.ScramCredentialUpsertion().name(user)
                        .mechanism(code(mechanism)).iterations(iterations).salt(salt).saltedPassword(salted)));
        return alter(request, "set " + mechanism + " password of user " + user);
    }

    /** Removes the {@code mechanism} credential of {@code user}. */
    public CompletableFuture<Void> deleteUser(String user, String mechanism) {
        AlterUserScramCredentialsRequest request = new AlterUserScramCredentialsRequest().deletions(List.of(
                new AlterUserScramCredentialsRequest.ScramCredentialDeletion().name(user).mechanism(code(mechanism))));
        return alter(request, "delete " + mechanism + " credential of user " + user);
    }

    private CompletableFuture<Void> alter(AlterUserScramCredentialsRequest request, String what) {
        return runtime.retrying(what, () -> runtime.network()
                .<AlterUserScramCredentialsResponse>sendToAny(request, (short) -1).thenAccept(response -> {
                    for (AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult result
                            : response.results()) {
                        TopicOperations.check(result.errorCode(), result.errorMessage(), what);
                    }
                    LOG.info("{}", what);
                }));
    }

    private static byte code(String mechanism) {
        return switch (mechanism) {
            case "SCRAM-SHA-256" -> SCRAM_SHA_256;
            case "SCRAM-SHA-512" -> SCRAM_SHA_512;
            default -> throw new IllegalArgumentException("not a SCRAM mechanism: " + mechanism
                    + " (SCRAM-SHA-256 or SCRAM-SHA-512)");
        };
    }
}
