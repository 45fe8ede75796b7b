package io.runnel.client;

import io.runnel.junit.RunnelBootstrap;
import io.runnel.junit.RunnelBrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The smallest check that the cluster the integration tests run against answers admin requests: an embedded Runnel
 * broker in {@code mvn verify}, or the cluster named by {@code -Pexternal-cluster -Drunnel.test.bootstrap=...}.
 */
@ExtendWith(RunnelBrokerExtension.class)
class ClusterSmokeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aCreatedTopicIsListedWithItsPartitions(@RunnelBootstrap String bootstrap) throws Exception {
        String topic = "cluster-smoke-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            try {
                // A multi-node cluster may answer from a broker whose metadata has not caught up yet.
                await().atMost(TIMEOUT).until(() -> admin.listTopics().names()
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).contains(topic));
                TopicDescription described = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic);
                assertEquals(List.of(0, 1, 2),
                        described.partitions().stream().map(TopicPartitionInfo::partition).toList());
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }
}
