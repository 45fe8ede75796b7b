package io.runnel.broker.api;

import static io.runnel.broker.api.AdminTopicsTest.failure;
import static io.runnel.broker.api.AdminTopicsTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.ConfigKey;
import io.runnel.broker.config.TopicConfigKey;
import io.runnel.broker.topic.TopicPartition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** DescribeConfigs and IncrementalAlterConfigs with kafka-clients' Admin, and what survives a restart. */
class AdminConfigsTest {
    private static final Map<String, String> BROKER_SETTINGS = Map.of("num.partitions", "2",
            "log.retention.hours", "48", "log.cleanup.policy", "delete");

    @Test
    void describeListsEveryTopicConfigWithItsSourceAndSynonyms(@TempDir Path dir) throws Exception {
        try (EmbeddedBroker broker = start(dir); Admin admin = AdminTopicsTest.admin(broker)) {
            get(admin.createTopics(List.of(new NewTopic("described", 1, (short) 1)
                    .configs(Map.of("segment.bytes", "1048576")))).all());
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "described");
            Config config = get(admin.describeConfigs(List.of(topic), new DescribeConfigsOptions()
                    .includeSynonyms(true).includeDocumentation(true)).all()).get(topic);

            Set<String> names = new HashSet<>();
            for (ConfigEntry entry : config.entries()) {
                names.add(entry.name());
                assertFalse(entry.isReadOnly(), entry.name());
                assertFalse(entry.isSensitive(), entry.name());
                assertFalse(entry.documentation().isBlank(), entry.name());
            }
            Set<String> expected = new HashSet<>();
            for (TopicConfigKey key : TopicConfigKey.ALL) {
                expected.add(key.name());
            }
            assertEquals(expected, names);

            ConfigEntry segment = config.get("segment.bytes");
            assertEquals("1048576", segment.value());
            assertEquals(ConfigSource.DYNAMIC_TOPIC_CONFIG, segment.source());
            assertEquals(ConfigEntry.ConfigType.INT, segment.type());
            assertEquals(List.of("segment.bytes", "log.segment.bytes"), synonymNames(segment));

            ConfigEntry retention = config.get("retention.ms");
            assertEquals(Long.toString(48 * 3_600_000L), retention.value());
            assertEquals(ConfigSource.STATIC_BROKER_CONFIG, retention.source());
            assertEquals(ConfigEntry.ConfigType.LONG, retention.type());
            assertEquals(List.of("log.retention.hours", "log.retention.ms"), synonymNames(retention));
            assertEquals("48", retention.synonyms().get(0).value());
            assertEquals(ConfigSource.DEFAULT_CONFIG, retention.synonyms().get(1).source());
            assertEquals("604800000", retention.synonyms().get(1).value());

            ConfigEntry timestampType = config.get("message.timestamp.type");
            assertEquals("CreateTime", timestampType.value());
            assertEquals(ConfigSource.DEFAULT_CONFIG, timestampType.source());
            assertEquals(ConfigEntry.ConfigType.LIST, config.get("cleanup.policy").type());
            assertEquals("0.5", config.get("min.cleanable.dirty.ratio").value());
        }
    }

    @Test
    void describeOnlyTheKeysAskedForAndUnknownTopics(@TempDir Path dir) throws Exception {
        try (EmbeddedBroker broker = start(dir); Admin admin = AdminTopicsTest.admin(broker)) {
            get(admin.createTopics(List.of(new NewTopic("some", 1, (short) 1))).all());
            ConfigResource some = new ConfigResource(ConfigResource.Type.TOPIC, "some");
            assertInstanceOf(UnknownTopicOrPartitionException.class, failure(admin.describeConfigs(
                    List.of(new ConfigResource(ConfigResource.Type.TOPIC, "missing"))).all()));
            try (OracleConnection connection = new OracleConnection(broker)) {
                org.apache.kafka.common.message.DescribeConfigsRequestData data =
                        new org.apache.kafka.common.message.DescribeConfigsRequestData();
                data.resources().add(new org.apache.kafka.common.message.DescribeConfigsRequestData
                        .DescribeConfigsResource().setResourceType(some.type().id()).setResourceName("some")
                        .setConfigurationKeys(List.of("retention.bytes", "no.such.key")));
                org.apache.kafka.common.requests.DescribeConfigsResponse response = connection.send(
                        new org.apache.kafka.common.requests.DescribeConfigsRequest.Builder(data).build((short) 1));
                var result = response.data().results().get(0);
                assertEquals(0, result.errorCode());
                assertEquals(1, result.configs().size());
                assertEquals("retention.bytes", result.configs().get(0).name());
                assertEquals("-1", result.configs().get(0).value());
                assertEquals(5, result.configs().get(0).configSource());
            }
        }
    }

    @Test
    void brokerConfigsListEveryKeyReadOnlyWithItsSource(@TempDir Path dir) throws Exception {
        try (EmbeddedBroker broker = start(dir); Admin admin = AdminTopicsTest.admin(broker)) {
            ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = get(admin.describeConfigs(List.of(node), new DescribeConfigsOptions()
                    .includeSynonyms(true)).all()).get(node);
            List<String> names = new ArrayList<>();
            for (ConfigEntry entry : config.entries()) {
                names.add(entry.name());
                assertTrue(entry.isReadOnly(), entry.name());
            }
            List<String> expected = new ArrayList<>();
            for (ConfigKey<?> key : BrokerConfig.KEYS) {
                expected.add(key.name());
            }
            assertEquals(Set.copyOf(expected), Set.copyOf(names));
            assertEquals(expected.size(), names.size());
            assertEquals("2", config.get("num.partitions").value());
            assertEquals(ConfigSource.STATIC_BROKER_CONFIG, config.get("num.partitions").source());
            assertEquals("1", config.get("num.partitions").synonyms().get(1).value());
            assertEquals("true", config.get("auto.create.topics.enable").value());
            assertEquals(ConfigSource.DEFAULT_CONFIG, config.get("auto.create.topics.enable").source());
            assertEquals(ConfigEntry.ConfigType.BOOLEAN, config.get("log.fsync.enable").type());

            // Admin sends a broker's configs request to that broker, so ask about another id directly.
            try (OracleConnection connection = new OracleConnection(broker)) {
                org.apache.kafka.common.message.DescribeConfigsRequestData data =
                        new org.apache.kafka.common.message.DescribeConfigsRequestData();
                data.resources().add(new org.apache.kafka.common.message.DescribeConfigsRequestData
                        .DescribeConfigsResource().setResourceType(ConfigResource.Type.BROKER.id())
                        .setResourceName("7"));
                data.resources().add(new org.apache.kafka.common.message.DescribeConfigsRequestData
                        .DescribeConfigsResource().setResourceType(ConfigResource.Type.BROKER.id())
                        .setResourceName(""));
                org.apache.kafka.common.requests.DescribeConfigsResponse response = connection.send(
                        new org.apache.kafka.common.requests.DescribeConfigsRequest.Builder(data).build((short) 4));
                assertEquals(org.apache.kafka.common.protocol.Errors.INVALID_REQUEST.code(),
                        response.data().results().get(0).errorCode());
                assertEquals(0, response.data().results().get(1).errorCode());
                assertEquals(List.of(), response.data().results().get(1).configs());
            }
            Throwable refused = failure(admin.incrementalAlterConfigs(Map.of(node, List.of(new AlterConfigOp(
                    new ConfigEntry("num.partitions", "4"), AlterConfigOp.OpType.SET)))).all());
            assertInstanceOf(InvalidRequestException.class, refused);
            assertTrue(refused.getMessage().contains("broker.properties"), refused.getMessage());
        }
    }

    @Test
    void incrementalAlterRoundTripSurvivesARestart(@TempDir Path dir) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "altered");
        Uuid id;
        String clusterId;
        try (EmbeddedBroker broker = start(dir); Admin admin = AdminTopicsTest.admin(broker)) {
            id = get(admin.createTopics(List.of(new NewTopic("altered", 3, (short) 1))).topicId("altered"));
            clusterId = get(admin.describeCluster().clusterId());

            get(admin.incrementalAlterConfigs(Map.of(topic, List.of(
                    op("retention.ms", "1234", AlterConfigOp.OpType.SET),
                    op("cleanup.policy", "compact", AlterConfigOp.OpType.APPEND),
                    op("max.message.bytes", "2048", AlterConfigOp.OpType.SET)))).all());
            Config altered = describe(admin, topic);
            assertEquals("1234", altered.get("retention.ms").value());
            assertEquals(ConfigSource.DYNAMIC_TOPIC_CONFIG, altered.get("retention.ms").source());
            assertEquals("compact,delete", altered.get("cleanup.policy").value());
            assertTrue(broker.broker().logs().log(new TopicPartition("altered", 2)).config().compactEnabled(),
                    "the running logs use the new config");
            assertEquals(2048, broker.broker().logs().log(new TopicPartition("altered", 0)).config()
                    .maxMessageBytes());

            get(admin.incrementalAlterConfigs(Map.of(topic, List.of(
                    op("max.message.bytes", null, AlterConfigOp.OpType.DELETE),
                    op("cleanup.policy", "delete", AlterConfigOp.OpType.SUBTRACT)))).all());
            Config reverted = describe(admin, topic);
            assertEquals("1048588", reverted.get("max.message.bytes").value());
            assertEquals(ConfigSource.DEFAULT_CONFIG, reverted.get("max.message.bytes").source());
            assertEquals("compact", reverted.get("cleanup.policy").value());

            get(admin.incrementalAlterConfigs(Map.of(topic, List.of(op("retention.ms", "1", AlterConfigOp.OpType.SET))),
                    new AlterConfigsOptions().validateOnly(true)).all());
            assertEquals("1234", describe(admin, topic).get("retention.ms").value());

            assertInstanceOf(InvalidConfigurationException.class, failure(admin.incrementalAlterConfigs(Map.of(topic,
                    List.of(op("retention.ms", "1", AlterConfigOp.OpType.SET),
                            op("segment.bytes", "1", AlterConfigOp.OpType.SET)))).all()));
            assertInstanceOf(InvalidConfigurationException.class, failure(admin.incrementalAlterConfigs(Map.of(topic,
                    List.of(op("retention.ms", "5", AlterConfigOp.OpType.APPEND)))).all()));
            assertInstanceOf(InvalidConfigurationException.class, failure(admin.incrementalAlterConfigs(Map.of(topic,
                    List.of(op("cleanup.policy", "compact", AlterConfigOp.OpType.SUBTRACT)))).all()));
            assertInstanceOf(InvalidConfigurationException.class, failure(admin.incrementalAlterConfigs(Map.of(topic,
                    List.of(op("compression.type", "zstd", AlterConfigOp.OpType.SET)))).all()));
            assertInstanceOf(UnknownTopicOrPartitionException.class, failure(admin.incrementalAlterConfigs(Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, "missing"),
                    List.of(op("retention.ms", "5", AlterConfigOp.OpType.SET)))).all()));
            assertEquals("1234", describe(admin, topic).get("retention.ms").value(), "a refused change changes nothing");
        }
        try (EmbeddedBroker broker = start(dir); Admin admin = AdminTopicsTest.admin(broker)) {
            Config reloaded = describe(admin, topic);
            assertEquals("1234", reloaded.get("retention.ms").value());
            assertEquals(ConfigSource.DYNAMIC_TOPIC_CONFIG, reloaded.get("retention.ms").source());
            assertEquals("compact", reloaded.get("cleanup.policy").value());
            assertEquals(ConfigSource.DEFAULT_CONFIG, reloaded.get("max.message.bytes").source());
            assertEquals(1234L, broker.broker().logs().log(new TopicPartition("altered", 1)).config().retentionMs());
            assertEquals(id, get(admin.describeTopics(List.of("altered")).allTopicNames()).get("altered").topicId());
            assertEquals(3, get(admin.describeTopics(List.of("altered")).allTopicNames()).get("altered")
                    .partitions().size());
            assertEquals(clusterId, get(admin.describeCluster().clusterId()));
            assertNull(broker.broker().logs().registry().get("missing"));
        }
    }

    private static EmbeddedBroker start(Path dir) {
        return EmbeddedBroker.builder().config(BROKER_SETTINGS).dataDir(dir.resolve("data")).start();
    }

    private static Config describe(Admin admin, ConfigResource resource) throws Exception {
        return get(admin.describeConfigs(List.of(resource)).all()).get(resource);
    }

    private static AlterConfigOp op(String name, String value, AlterConfigOp.OpType type) {
        return new AlterConfigOp(new ConfigEntry(name, value), type);
    }

    private static List<String> synonymNames(ConfigEntry entry) {
        Collection<ConfigEntry.ConfigSynonym> synonyms = entry.synonyms();
        List<String> names = new ArrayList<>();
        for (ConfigEntry.ConfigSynonym synonym : synonyms) {
            names.add(synonym.name());
        }
        return names;
    }
}
