package io.runnel.broker.security;

import io.runnel.broker.config.BrokerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authorization rules, directly: matching, implication, deny over allow, super users, no-ACL default, storage. */
class AclAuthorizerTest {
    @TempDir
    Path dataDir;

    private AclAuthorizer authorizer(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("authorizer.class.name",
                "kafka.security.authorizer.AclAuthorizer", "super.users", "User:root"));
        settings.putAll(extra);
        return AclAuthorizer.open(BrokerConfig.of(settings), dataDir);
    }

    private static ConnectionSession session(String user, String host) {
        ConnectionSession session = new ConnectionSession("SASL_PLAINTEXT", SecurityProtocol.SASL_PLAINTEXT, host);
        assertTrue(session.authenticated(UserPrincipal.user(user), 0));
        return session;
    }

    private static AclBinding acl(AclResourceType type, String name, AclPatternType pattern, String principal,
                                  String host, AclOperation operation, AclPermission permission) {
        return new AclBinding(type, name, pattern, principal, host, operation, permission);
    }

    @Test
    void literalPrefixedAndWildcardAclsApplyToTheirNamesOnly() {
        AclAuthorizer authorizer = authorizer(Map.of());
        authorizer.add(List.of(
                acl(AclResourceType.TOPIC, "orders", AclPatternType.LITERAL, "User:alice", "*", AclOperation.READ,
                        AclPermission.ALLOW),
                acl(AclResourceType.TOPIC, "logs-", AclPatternType.PREFIXED, "User:alice", "*", AclOperation.WRITE,
                        AclPermission.ALLOW),
                acl(AclResourceType.GROUP, "*", AclPatternType.LITERAL, "User:*", "*", AclOperation.READ,
                        AclPermission.ALLOW)));
        ConnectionSession alice = session("alice", "10.0.0.1");
        ConnectionSession bob = session("bob", "10.0.0.2");
        assertTrue(authorizer.authorize(alice, AclOperation.READ, AclResourceType.TOPIC, "orders"));
        assertFalse(authorizer.authorize(alice, AclOperation.READ, AclResourceType.TOPIC, "orders-eu"));
        assertFalse(authorizer.authorize(alice, AclOperation.WRITE, AclResourceType.TOPIC, "orders"));
        assertTrue(authorizer.authorize(alice, AclOperation.WRITE, AclResourceType.TOPIC, "logs-app"));
        assertFalse(authorizer.authorize(alice, AclOperation.WRITE, AclResourceType.TOPIC, "log"));
        // READ and WRITE imply DESCRIBE; nothing implies ALTER.
        assertTrue(authorizer.authorize(alice, AclOperation.DESCRIBE, AclResourceType.TOPIC, "orders"));
        assertTrue(authorizer.authorize(alice, AclOperation.DESCRIBE, AclResourceType.TOPIC, "logs-app"));
        assertFalse(authorizer.authorize(alice, AclOperation.ALTER, AclResourceType.TOPIC, "orders"));
        assertTrue(authorizer.authorize(bob, AclOperation.READ, AclResourceType.GROUP, "any-group"));
        assertFalse(authorizer.authorize(bob, AclOperation.READ, AclResourceType.TOPIC, "orders"));
    }

    @Test
    void denyBeatsAllowAndHostsAreMatched() {
        AclAuthorizer authorizer = authorizer(Map.of());
        authorizer.add(List.of(
                acl(AclResourceType.TOPIC, "*", AclPatternType.LITERAL, "User:alice", "*", AclOperation.ALL,
                        AclPermission.ALLOW),
                acl(AclResourceType.TOPIC, "secret", AclPatternType.PREFIXED, "User:alice", "*", AclOperation.READ,
                        AclPermission.DENY),
                acl(AclResourceType.TOPIC, "local", AclPatternType.LITERAL, "User:alice", "10.0.0.9",
                        AclOperation.ALL, AclPermission.DENY)));
        ConnectionSession alice = session("alice", "10.0.0.1");
        assertTrue(authorizer.authorize(alice, AclOperation.READ, AclResourceType.TOPIC, "orders"));
        assertFalse(authorizer.authorize(alice, AclOperation.READ, AclResourceType.TOPIC, "secret-keys"));
        // A DENY of READ does not deny what READ would imply.
        assertTrue(authorizer.authorize(alice, AclOperation.DESCRIBE, AclResourceType.TOPIC, "secret-keys"));
        assertTrue(authorizer.authorize(alice, AclOperation.WRITE, AclResourceType.TOPIC, "local"));
        assertFalse(authorizer.authorize(session("alice", "10.0.0.9"), AclOperation.WRITE, AclResourceType.TOPIC,
                "local"));
    }

    @Test
    void superUsersPassAndAResourceWithoutAclsFollowsAllowEveryone() {
        AclAuthorizer closed = authorizer(Map.of());
        assertTrue(closed.authorize(session("root", "10.0.0.1"), AclOperation.ALTER, AclResourceType.CLUSTER,
                AclResourceType.CLUSTER_NAME));
        assertFalse(closed.authorize(session("bob", "10.0.0.1"), AclOperation.READ, AclResourceType.TOPIC, "t"));
        AclAuthorizer open = authorizer(Map.of("allow.everyone.if.no.acl.found", "true"));
        assertTrue(open.authorize(session("bob", "10.0.0.1"), AclOperation.READ, AclResourceType.TOPIC, "t"));
        open.add(List.of(acl(AclResourceType.TOPIC, "t", AclPatternType.LITERAL, "User:alice", "*",
                AclOperation.READ, AclPermission.ALLOW)));
        // Once an ACL names the topic, only what it allows is allowed.
        assertFalse(open.authorize(session("bob", "10.0.0.1"), AclOperation.READ, AclResourceType.TOPIC, "t"));
        assertTrue(AclAuthorizer.disabled().authorize(session("bob", "10.0.0.1"), AclOperation.ALTER,
                AclResourceType.CLUSTER, AclResourceType.CLUSTER_NAME));
    }

    @Test
    void idempotentWriteNeedsWriteOnSomeTopic() {
        AclAuthorizer authorizer = authorizer(Map.of());
        assertFalse(authorizer.authorizeAny(session("alice", "10.0.0.1"), AclOperation.WRITE, AclResourceType.TOPIC));
        authorizer.add(List.of(acl(AclResourceType.TOPIC, "app-", AclPatternType.PREFIXED, "User:alice", "*",
                AclOperation.WRITE, AclPermission.ALLOW)));
        assertTrue(authorizer.authorizeAny(session("alice", "10.0.0.1"), AclOperation.WRITE, AclResourceType.TOPIC));
        assertFalse(authorizer.authorizeAny(session("bob", "10.0.0.1"), AclOperation.WRITE, AclResourceType.TOPIC));
    }

    @Test
    void aclsAreStoredAndRemovedByFilter() throws Exception {
        AclAuthorizer authorizer = authorizer(Map.of());
        AclBinding read = acl(AclResourceType.TOPIC, "a b%", AclPatternType.LITERAL, "User:alice", "*",
                AclOperation.READ, AclPermission.ALLOW);
        AclBinding write = acl(AclResourceType.TOPIC, "a", AclPatternType.PREFIXED, "User:alice", "*",
                AclOperation.WRITE, AclPermission.ALLOW);
        authorizer.add(List.of(read, write, read));
        assertEquals(List.of(read, write), authorizer(Map.of()).acls(), "stored once each, reloaded as written");
        List<List<AclBinding>> removed = authorizer.remove(List.of(new AclFilter(AclResourceType.ANY, "a b%",
                AclPatternType.MATCH, null, null, AclOperation.ANY, AclPermission.ANY)));
        // MATCH finds every ACL that applies to the name: the literal one and the prefix "a".
        assertEquals(List.of(List.of(read, write)), removed);
        assertEquals(List.of(), authorizer(Map.of()).acls());
        assertTrue(Files.readString(dataDir.resolve("security").resolve("acls")).startsWith("# Runnel ACLs v1"));
    }

    @Test
    void aSaslSessionExpiresAfterItsLifetimeAndReauthenticationKeepsThePrincipal() {
        ConnectionSession session = new ConnectionSession("SASL_SSL", SecurityProtocol.SASL_SSL, "10.0.0.1");
        assertFalse(session.isAuthenticated());
        assertTrue(session.authenticated(UserPrincipal.user("alice"), 1_000));
        assertFalse(session.isExpired(999));
        assertTrue(session.isExpired(1_000));
        assertFalse(session.authenticated(UserPrincipal.user("mallory"), 5_000), "re-authentication as another user");
        assertTrue(session.authenticated(UserPrincipal.user("alice"), 5_000));
        assertFalse(session.isExpired(1_000));
        assertEquals("User:alice", session.principalText());
    }
}
