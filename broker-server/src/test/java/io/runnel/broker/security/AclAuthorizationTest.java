package io.runnel.broker.security;

import io.runnel.broker.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ACL authorizer against kafka-clients over SASL SCRAM: what a principal may not do is refused with Kafka's
 * error, what it may do works, deny beats allow, prefixed ACLs apply, super users bypass ACLs, Metadata shows only
 * describable topics, and ACLs and users survive a restart. The PLAINTEXT listener is the operator's, its anonymous
 * principal a super user, as docs/security.md sets up the first users.
 */
class AclAuthorizationTest {
    private static final String MECHANISM = "SCRAM-SHA-256";

    @TempDir
    Path dataDir;

    private EmbeddedBroker start() {
        return EmbeddedBroker.builder().dataDir(dataDir)
                .config("listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0")
                .config("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .config("super.users", "User:ANONYMOUS;User:admin")
                .config("sasl.enabled.mechanisms", MECHANISM)
                .config("group.initial.rebalance.delay.ms", "0")
                .start();
    }

    private static Map<String, Object> operator(EmbeddedBroker broker) {
        return SecureClients.config(broker.bootstrapServers("PLAINTEXT"), "PLAINTEXT", null, null, null, null);
    }

    private static Map<String, Object> user(EmbeddedBroker broker, String name) {
        return SecureClients.config(broker.bootstrapServers("SASL_PLAINTEXT"), "SASL_PLAINTEXT", null, MECHANISM,
                name, name + "-secret");
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String user,
                                    AclOperation operation) {
        return binding(type, name, pattern, user, operation, AclPermissionType.ALLOW);
    }

    private static AclBinding binding(ResourceType type, String name, PatternType pattern, String user,
                                      AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, permission));
    }

    private static void setUp(EmbeddedBroker broker, List<AclBinding> acls)
            throws Exception {
        try (Admin admin = Admin.create(operator(broker))) {
            for (String name : List.of("alice", "bob", "admin")) {
                SecureClients.createUser(admin, name, name + "-secret");
            }
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1), new NewTopic("orders-eu", 1, (short) 1),
                    new NewTopic("secret", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Set<String> topicsSeenBy(Map<String, Object> config) throws Exception {
        try (Admin admin = Admin.create(config)) {
            return new HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void principalsDoWhatTheAclsAllowAndNothingElse() throws Exception {
        try (EmbeddedBroker broker = start()) {
            setUp(broker, List.of(
                    allow(ResourceType.TOPIC, "orders", PatternType.PREFIXED, "alice", AclOperation.WRITE),
                    allow(ResourceType.TOPIC, "orders", PatternType.LITERAL, "alice", AclOperation.READ),
                    allow(ResourceType.GROUP, "app-", PatternType.PREFIXED, "alice", AclOperation.READ),
                    allow(ResourceType.TOPIC, "*", PatternType.LITERAL, "bob", AclOperation.ALL),
                    allow(ResourceType.GROUP, "bob-", PatternType.PREFIXED, "bob", AclOperation.READ),
                    binding(ResourceType.TOPIC, "secret", PatternType.LITERAL, "bob", AclOperation.READ,
                            AclPermissionType.DENY)));
            Map<String, Object> alice = user(broker, "alice");
            Map<String, Object> bob = user(broker, "bob");

            // Prefixed WRITE covers orders and orders-eu; READ (literal) implies DESCRIBE on orders only.
            SecureClients.produce(alice, "orders", List.of("a1", "a2"));
            SecureClients.produce(alice, "orders-eu", List.of("e1"));
            assertEquals(Set.of("orders", "orders-eu"), topicsSeenBy(alice));
            assertEquals(List.of("a1", "a2"), SecureClients.consume(alice, "orders", "app-orders", 2));

            ExecutionException notWritable = assertThrows(ExecutionException.class,
                    () -> SecureClients.produce(alice, "secret", List.of("x")));
            assertInstanceOf(TopicAuthorizationException.class, notWritable.getCause());
            TopicAuthorizationException notReadable = assertThrows(TopicAuthorizationException.class,
                    () -> SecureClients.consume(alice, "orders-eu", "app-eu", 1));
            assertEquals(Set.of("orders-eu"), notReadable.unauthorizedTopics());
            assertThrows(GroupAuthorizationException.class,
                    () -> SecureClients.consume(alice, "orders", "other-group", 1));

            // bob: ALL on every topic, but DENY READ on secret wins; he may write it and sees it.
            SecureClients.produce(bob, "secret", List.of("s1"));
            assertEquals(Set.of("orders", "orders-eu", "secret"), topicsSeenBy(bob));
            TopicAuthorizationException denied = assertThrows(TopicAuthorizationException.class,
                    () -> SecureClients.consume(bob, "secret", "bob-group", 1));
            assertEquals(Set.of("secret"), denied.unauthorizedTopics());
            try (Admin admin = Admin.create(bob)) {
                // ListOffsets needs only DESCRIBE on the topic, which ALL implies.
                assertEquals(2, admin.listOffsets(Map.of(new TopicPartition("orders", 0), OffsetSpec.latest()))
                        .all().get(30, TimeUnit.SECONDS).get(new TopicPartition("orders", 0)).offset());
            }

            // The super user sees and reads everything without any ACL.
            Map<String, Object> admin = user(broker, "admin");
            assertEquals(List.of("s1"), SecureClients.consume(admin, "secret", "admin-group", 1));
            assertTrue(topicsSeenBy(admin).containsAll(Set.of("orders", "orders-eu", "secret")));
        }
    }

    @Test
    void aclsAndUsersSurviveARestartAndCanBeListedAndDeleted() throws Exception {
        AclBinding readOrders = allow(ResourceType.TOPIC, "orders", PatternType.LITERAL, "alice", AclOperation.READ);
        AclBinding writeOrders = allow(ResourceType.TOPIC, "orders", PatternType.PREFIXED, "alice",
                AclOperation.WRITE);
        try (EmbeddedBroker broker = start()) {
            setUp(broker, List.of(readOrders, writeOrders));
        }
        try (EmbeddedBroker broker = start()) {
            try (Admin admin = Admin.create(operator(broker))) {
                assertEquals(Set.of(readOrders, writeOrders),
                        new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)));
                assertEquals(Set.of(writeOrders), new HashSet<>(admin.describeAcls(new AclBindingFilter(
                        new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.PREFIXED),
                        AccessControlEntryFilter.ANY)).values().get(30, TimeUnit.SECONDS)));
            }
            // alice still authenticates (her SCRAM credential was stored) and still may write.
            SecureClients.produce(user(broker, "alice"), "orders-eu", List.of("u1"));
            try (Admin admin = Admin.create(operator(broker))) {
                Collection<AclBinding> deleted = admin.deleteAcls(List.of(writeOrders.toFilter())).all()
                        .get(30, TimeUnit.SECONDS);
                assertEquals(List.of(writeOrders), List.copyOf(deleted));
            }
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> SecureClients.produce(user(broker, "alice"), "orders-eu", List.of("u2")));
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
            try (Admin admin = Admin.create(user(broker, "alice"))) {
                ExecutionException notAllowed = assertThrows(ExecutionException.class,
                        () -> admin.createAcls(List.of(writeOrders)).all().get(30, TimeUnit.SECONDS));
                assertInstanceOf(ClusterAuthorizationException.class, notAllowed.getCause());
            }
        }
    }
}
