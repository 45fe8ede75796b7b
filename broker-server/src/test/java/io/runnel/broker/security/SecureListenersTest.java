package io.runnel.broker.security;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.protocol.testing.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kafka-clients against a broker with all four listeners: PLAINTEXT (where the users are made), SSL, SASL_PLAINTEXT
 * and SASL_SSL with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. Each serves produce, a consumer group and admin; every
 * client that should be refused is refused with Kafka's error and the broker keeps serving.
 */
class SecureListenersTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret";

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(Files.createDirectories(dir.resolve("certs")));
        broker = EmbeddedBroker.builder()
                .config("listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,"
                        + "SASL_SSL://127.0.0.1:0")
                .config("ssl.keystore.type", "PKCS12")
                .config("ssl.keystore.location", certificates.brokerKeystore().toString())
                .config("ssl.keystore.password", TestCertificates.PASSWORD)
                .config("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512")
                .config("connection.failed.authentication.delay.ms", "10")
                .start();
        try (Admin admin = Admin.create(plaintext())) {
            SecureClients.createUser(admin, USER, PASSWORD);
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Map<String, Object> plaintext() {
        return SecureClients.config(broker.bootstrapServers("PLAINTEXT"), "PLAINTEXT", certificates, null, null, null);
    }

    private static Map<String, Object> client(String listener, String mechanism, String user, String password) {
        return SecureClients.config(broker.bootstrapServers(listener), listener, certificates, mechanism, user,
                password);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SSL,", "SASL_PLAINTEXT,PLAIN", "SASL_PLAINTEXT,SCRAM-SHA-256", "SASL_PLAINTEXT,SCRAM-SHA-512",
            "SASL_SSL,PLAIN", "SASL_SSL,SCRAM-SHA-256", "SASL_SSL,SCRAM-SHA-512"})
    void producesConsumesInAGroupAndAdministers(String listener, String mechanism) throws Exception {
        Map<String, Object> config = client(listener, mechanism, USER, PASSWORD);
        String topic = ("secure-" + listener + "-" + mechanism).toLowerCase().replace("null", "tls");
        String group = topic + "-group";
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            DescribeClusterResult cluster = admin.describeCluster();
            Node node = cluster.nodes().get(30, TimeUnit.SECONDS).iterator().next();
            assertEquals(broker.port(listener), node.port(), "the broker advertises the listener the client used");
        }
        List<String> values = IntStream.range(0, 5).mapToObj(i -> listener + "-" + i).toList();
        SecureClients.produce(config, topic, values);
        assertEquals(values, SecureClients.consume(config, topic, group, values.size()));
        try (Admin admin = Admin.create(config)) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertEquals(5, offsets.get(new org.apache.kafka.common.TopicPartition(topic, 0)).offset());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SASL_PLAINTEXT,PLAIN", "SASL_PLAINTEXT,SCRAM-SHA-256", "SASL_SSL,SCRAM-SHA-512"})
    void aWrongPasswordOrAnUnknownUserIsRefusedWithSaslAuthenticationFailed(String listener, String mechanism) {
        for (String[] credentials : List.of(new String[] {USER, "not-the-password"},
                new String[] {"mallory", PASSWORD})) {
            Map<String, Object> config = client(listener, mechanism, credentials[0], credentials[1]);
            try (Admin admin = Admin.create(config)) {
                ExecutionException failure = assertThrows(ExecutionException.class,
                        () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
                assertInstanceOf(SaslAuthenticationException.class, failure.getCause(), credentials[0]);
            }
        }
        assertBrokerServes();
    }

    @Test
    void aSaslClientOnThePlaintextListenerGetsIllegalSaslState() {
        Map<String, Object> config = SecureClients.config(broker.bootstrapServers("PLAINTEXT"), "SASL_PLAINTEXT",
                certificates, "SCRAM-SHA-256", USER, PASSWORD);
        try (Admin admin = Admin.create(config)) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
            assertInstanceOf(IllegalSaslStateException.class, failure.getCause());
        }
        assertBrokerServes();
    }

    @ParameterizedTest
    @CsvSource({"SSL", "SASL_PLAINTEXT"})
    void aPlaintextClientOnASecuredListenerIsServedNothing(String listener) {
        Map<String, Object> config = new HashMap<>(plaintext());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(listener));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(config)) {
            assertThrows(ExecutionException.class, () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
        assertBrokerServes();
    }

    @Test
    void aTlsClientThatDoesNotTrustTheBrokerIsRefused() throws Exception {
        Map<String, Object> config = client("SSL", null, null, null);
        config.remove("ssl.truststore.location");
        config.remove("ssl.truststore.password");
        config.remove("ssl.truststore.type");
        try (Admin admin = Admin.create(config)) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SslAuthenticationException.class, failure.getCause());
        }
        assertBrokerServes();
    }

    @Test
    void aBrokerWithAnExpiredCertificateIsRefusedByTheClient() {
        try (EmbeddedBroker expired = EmbeddedBroker.builder()
                .config("listeners", "SSL://127.0.0.1:0")
                .config("ssl.keystore.type", "PKCS12")
                .config("ssl.keystore.location", certificates.expiredBrokerKeystore().toString())
                .config("ssl.keystore.password", TestCertificates.PASSWORD)
                .start();
             Admin admin = Admin.create(SecureClients.config(expired.bootstrapServers("SSL"), "SSL", certificates,
                     null, null, null))) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SslAuthenticationException.class, failure.getCause());
            boolean expiredFound = false;
            for (Throwable t = failure; t != null; t = t.getCause()) {
                expiredFound |= t instanceof java.security.cert.CertificateExpiredException;
            }
            assertTrue(expiredFound, "refused because the certificate expired: " + failure);
        }
        assertBrokerServes();
    }

    @Test
    void scramCredentialsAreDescribedWithoutSecretsAndStoredHashed() throws Exception {
        try (Admin admin = Admin.create(plaintext())) {
            UserScramCredentialsDescription alice = admin.describeUserScramCredentials(List.of(USER))
                    .description(USER).get(30, TimeUnit.SECONDS);
            assertEquals(Map.of("SCRAM_SHA_256", 4096, "SCRAM_SHA_512", 8192), alice.credentialInfos().stream()
                    .collect(Collectors.toMap(i -> i.mechanism().name(), i -> i.iterations())));
        }
        String stored = Files.readString(broker.dataDir().resolve("security").resolve("scram-credentials"));
        assertTrue(stored.contains("alice SCRAM-SHA-256 4096 "), stored);
        assertFalse(stored.contains(PASSWORD), "the password itself is never stored");
    }

    /** The broker still serves a good client after refusing a bad one. */
    private static void assertBrokerServes() {
        try (Admin admin = Admin.create(client("SASL_SSL", "SCRAM-SHA-256", USER, PASSWORD))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(names != null);
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        } catch (Exception e) {
            throw new AssertionError("the broker no longer serves a good client", e);
        }
    }
}
