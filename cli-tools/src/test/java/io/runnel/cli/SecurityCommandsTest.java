package io.runnel.cli;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.protocol.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code runnel users} and {@code runnel acls} against a secured broker, and {@code --command-config} (Kafka's client
 * properties) on every command: the operator makes users on the PLAINTEXT listener, the admin grants ACLs over
 * SASL_SSL, and alice may then do what they allow and nothing else.
 */
class SecurityCommandsTest {
    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(Files.createDirectories(dir.resolve("certs")));
        broker = EmbeddedBroker.builder()
                .config("listeners", "PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0")
                .config("ssl.keystore.type", "PKCS12")
                .config("ssl.keystore.location", certificates.brokerKeystore().toString())
                .config("ssl.keystore.password", TestCertificates.PASSWORD)
                .config("authorizer.class.name", "io.runnel.broker.security.AclAuthorizer")
                .config("super.users", "User:ANONYMOUS;User:admin")
                .start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Path commandConfig(String user, String mechanism) throws Exception {
        Path file = dir.resolve(user + ".properties");
        Files.writeString(file, String.join("\n",
                "security.protocol=SASL_SSL",
                "ssl.truststore.location=" + certificates.truststore(),
                "ssl.truststore.password=" + TestCertificates.PASSWORD,
                "ssl.truststore.type=PKCS12",
                "sasl.mechanism=" + mechanism,
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"" + user + "\" password=\"" + user + "-secret\";",
                "client.id=ignored-by-runnel"));
        return file;
    }

    private static CliRun as(Path config, String input, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("-b", broker.bootstrapServers("SASL_SSL"), "--command-config", config.toString(),
                "--timeout", "10s"));
        return CliRun.withInput(input, all.toArray(new String[0]));
    }

    @Test
    void usersAndAclsAreManagedAndEnforcedOverSaslSsl() throws Exception {
        String operator = broker.bootstrapServers("PLAINTEXT");
        assertEquals(0, CliRun.run(CliRun.against(operator, "users", "create", "admin", "--password",
                "admin-secret")).exit());
        CliRun alice = CliRun.withInput("alice-secret\n", CliRun.against(operator, "users", "create", "alice",
                "--mechanism", "SCRAM-SHA-512"));
        assertEquals(0, alice.exit(), alice.toString());
        assertTrue(!alice.out().contains("alice-secret"), "the password is never printed");

        Path admin = commandConfig("admin", "SCRAM-SHA-256");
        Path aliceConfig = commandConfig("alice", "SCRAM-SHA-512");
        CliRun users = as(admin, "", "users", "list", "-o", "json");
        assertEquals(0, users.exit(), users.toString());
        // Sorted by name: admin (both mechanisms, the default), then alice (the one asked for).
        List<?> listed = (List<?>) ((Map<?, ?>) users.json()).get("users");
        assertEquals(2, listed.size(), users.toString());
        assertEquals(Map.of("user", "alice", "credentials", List.of(Map.of("mechanism", "SCRAM-SHA-512",
                "iterations", 4096L))), listed.get(1));

        assertEquals(0, as(admin, "", "topics", "create", "orders-1", "-p", "1").exit());
        CliRun refused = as(aliceConfig, "a\nb\n", "produce", "orders-1");
        assertNotEquals(0, refused.exit(), "alice may not write before an ACL allows it: " + refused);

        CliRun granted = as(admin, "", "acls", "create", "--principal", "User:alice", "--operation",
                "WRITE,DESCRIBE", "--topic", "orders", "--prefixed");
        assertEquals(0, granted.exit(), granted.toString());
        CliRun acls = as(admin, "", "acls", "list", "--principal", "User:alice", "-o", "json");
        assertEquals(2, ((List<?>) ((Map<?, ?>) acls.json()).get("acls")).size(), acls.toString());

        CliRun produced = as(aliceConfig, "a\nb\n", "produce", "orders-1");
        assertEquals(0, produced.exit(), produced.toString());
        assertEquals(2L, broker.broker().logs().log(new io.runnel.broker.topic.TopicPartition("orders-1", 0))
                .logEndOffset());
        assertNotEquals(0, as(aliceConfig, "", "topics", "create", "orders-2").exit(),
                "alice has no CREATE");

        CliRun deleted = as(admin, "", "acls", "delete", "--principal", "User:alice", "--operation",
                "WRITE,DESCRIBE", "--topic", "orders", "--prefixed", "-o", "json");
        assertEquals(2, ((List<?>) ((Map<?, ?>) deleted.json()).get("deleted")).size(), deleted.toString());
        assertEquals(0, as(admin, "", "users", "delete", "alice").exit());
        CliRun gone = as(aliceConfig, "", "topics", "list");
        assertNotEquals(0, gone.exit(), "a deleted user cannot log in: " + gone);
    }
}
