package io.runnel.client;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.protocol.testing.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runnel's producer, consumer and admin over TLS and SASL (SCRAM-SHA-256, SCRAM-SHA-512, PLAIN) against a broker
 * with SSL, SASL_PLAINTEXT and SASL_SSL listeners; bad credentials and an untrusted broker are refused with an
 * {@link AuthenticationException}.
 */
class SecureConnectionsTest {
    private static final String PASSWORD = "carol-secret";

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
                .config("ssl.keystore.type", "PEM")
                .config("ssl.keystore.location", certificates.brokerPem().toString())
                .config("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512")
                .config("connection.failed.authentication.delay.ms", "0")
                .start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers("PLAINTEXT")))) {
            admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion("carol", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256,
                            4096), PASSWORD),
                    new UserScramCredentialUpsertion("carol", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512,
                            4096), PASSWORD))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Security tls() {
        return Security.tls(certificates.truststore(), TestCertificates.PASSWORD);
    }

    @Test
    void producesConsumesAndAdministersOverSaslSslWithScram() {
        roundTrip("SASL_SSL", tls(), Sasl.scramSha256("carol", PASSWORD), "scram256-tls");
    }

    @Test
    void worksOverSaslPlaintextWithScramSha512AndOverSaslSslWithPlain() {
        roundTrip("SASL_PLAINTEXT", null, Sasl.scramSha512("carol", PASSWORD), "scram512");
        roundTrip("SASL_SSL", tls(), Sasl.plain("carol", PASSWORD), "plain-tls");
    }

    @Test
    void worksOverTlsAloneWithAPemTrustStore() {
        roundTrip("SSL", Security.tls(certificates.truststorePem(), null), null, "tls-only");
    }

    @Test
    void aWrongPasswordIsAnAuthenticationException() {
        RunnelAdmin.Builder builder = RunnelAdmin.builder().bootstrap(broker.bootstrapServers("SASL_SSL"))
                .security(tls()).sasl(Sasl.scramSha256("carol", "wrong")).apiTimeout(Duration.ofSeconds(3));
        try (RunnelAdmin admin = builder.build()) {
            RunnelException failure = assertThrows(RunnelException.class, admin::listTopics);
            assertTrue(causes(failure, AuthenticationException.class), failure.toString());
        }
    }

    @Test
    void aBrokerThatIsNotTrustedIsAnAuthenticationException() {
        RunnelAdmin.Builder builder = RunnelAdmin.builder().bootstrap(broker.bootstrapServers("SSL"))
                .security(Security.tls()).apiTimeout(Duration.ofSeconds(3));
        try (RunnelAdmin admin = builder.build()) {
            RunnelException failure = assertThrows(RunnelException.class, admin::listTopics);
            assertTrue(causes(failure, AuthenticationException.class), failure.toString());
        }
    }

    private static boolean causes(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void roundTrip(String listener, Security security, Sasl sasl, String topic) {
        String bootstrap = broker.bootstrapServers(listener);
        RunnelAdmin.Builder adminBuilder = RunnelAdmin.builder().bootstrap(bootstrap);
        RunnelProducerBuilder producerBuilder = RunnelProducer.builder().bootstrap(bootstrap);
        RunnelConsumer.Builder consumerBuilder = RunnelConsumer.builder().bootstrap(bootstrap).groupId(topic + "-g")
                .autoOffsetReset(OffsetReset.EARLIEST);
        if (security != null) {
            adminBuilder.security(security);
            producerBuilder.security(security);
            consumerBuilder.security(security);
        }
        if (sasl != null) {
            adminBuilder.sasl(sasl);
            producerBuilder.sasl(sasl);
            consumerBuilder.sasl(sasl);
        }
        try (RunnelAdmin admin = adminBuilder.build()) {
            admin.createTopic(topic, 1);
            assertTrue(admin.listTopics().contains(topic));
        }
        try (RunnelProducer producer = producerBuilder.build()) {
            for (int i = 0; i < 3; i++) {
                producer.sendSync(ProducerRecord.of(topic, "k" + i, listener + "-" + i));
            }
        }
        List<String> values = new ArrayList<>();
        try (RunnelConsumer consumer = consumerBuilder.build()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.valueAsString());
                }
            }
        }
        assertEquals(List.of(listener + "-0", listener + "-1", listener + "-2"), values);
    }
}
