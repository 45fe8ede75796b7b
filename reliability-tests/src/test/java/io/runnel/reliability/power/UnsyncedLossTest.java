package io.runnel.reliability.power;

import io.runnel.reliability.disk.DiskBoot;
import io.runnel.reliability.check.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The converse of {@link PowerLossTest}: what is acknowledged without an fsync does not survive a power cut, as the
 * docs say: acks=1 records, and acks=all records when {@code log.fsync.enable=false}. Also shows that the simulated
 * disk loses what was not synced, so the suite's zero losses for acks=all mean something.
 */
class UnsyncedLossTest {
    private static final int RECORDS = 200;

    @Test
    void acksOneRecordsNotYetFlushedAreLostAtAPowerCut(@TempDir Path tmp) throws Exception {
        assertTrue(survivors(tmp, "1", Map.of()) < RECORDS, "every acks=1 record survived the cut");
    }

    @Test
    void acksAllRecordsAreLostAtAPowerCutWhenFsyncIsOff(@TempDir Path tmp) throws Exception {
        assertTrue(survivors(tmp, "all", Map.of("log.fsync.enable", "false")) < RECORDS,
                "every acks=all record survived the cut although nothing was fsynced");
    }

    @Test
    void acksAllRecordsSurviveAPowerCutWhenFsyncIsOn(@TempDir Path tmp) throws Exception {
        assertEquals(RECORDS, survivors(tmp, "all", Map.of()));
    }

    /** Acknowledged records of one producer that are still in the log after a power cut right after the last ack. */
    private static long survivors(Path tmp, String acks, Map<String, String> config) throws Exception {
        Path first = Files.createDirectories(tmp.resolve("first"));
        Path image = tmp.resolve("after-cut");
        try (DiskBoot boot = DiskBoot.start(first, config)) {
            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, boot.bootstrap());
            try (Admin a = Admin.create(admin)) {
                a.createTopics(List.of(new NewTopic("unsynced", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, boot.bootstrap());
            props.put(ProducerConfig.ACKS_CONFIG, acks);
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString("all".equals(acks)));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>("unsynced", 0, null, "r" + i)).get(30, TimeUnit.SECONDS);
                }
            }
            boot.disk().powerCut(image, new Random(7));
        }
        try (DiskBoot again = DiskBoot.start(image, Map.of())) {
            return TopicReader.endOffsets(again.bootstrap(), "unsynced", 1, Duration.ofSeconds(30)).get(0);
        }
    }
}
