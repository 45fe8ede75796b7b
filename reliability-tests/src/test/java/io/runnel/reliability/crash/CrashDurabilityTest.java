package io.runnel.reliability.crash;

import io.runnel.reliability.SoakSettings;
import io.runnel.reliability.check.BrokerProcess;
import io.runnel.reliability.check.SegmentScan;
import io.runnel.reliability.check.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash durability: the broker runs as a child process (as users run it) and is killed with SIGKILL at random
 * moments while producers of every {@link ProducerKind} (kafka-clients and Runnel's client-lib) — idempotent
 * acks=all and acks=1 — write to several
 * partitions and two single-member groups (classic and consumer protocol) consume and commit. After every kill the
 * broker is started again with no repair step — about one time in three it is killed once more while it starts up
 * and recovers — and the suite checks, over the wire:
 * <ul>
 *   <li>every acknowledged record is at the offset it was acknowledged with; acks=all idempotent records are in
 *       the log exactly once (no value of an idempotent producer ever occurs twice);</li>
 *   <li>offsets are dense, every batch passes kafka-clients' CRC check, and nothing read before changed;</li>
 *   <li>each group's committed offsets are its last acknowledged commit (or a commit whose answer the kill
 *       swallowed);</li>
 * </ul>
 * and at the end, after a clean stop, every segment file of every partition batch by batch ({@link SegmentScan}).
 * Fast version: 10 kills from a fixed seed; {@code -Psoak}: kills until {@code runnel.soak.duration} has passed.
 */
class CrashDurabilityTest {
    /** The producer client libraries under test. */
    static final List<ProducerKind> PRODUCER_KINDS = List.of(new KafkaClientsProducerKind(),
            new ClientLibProducerKind());

    private static final String TOPIC = "durable";
    private static final int PARTITIONS = 4;
    private static final int FAST_KILLS = 10;
    private static final int PRODUCERS_PER_GUARANTEE_AND_KIND = 1;
    /** Soak runs re-read the whole topic this often; catch-ups re-read only the last known record. */
    private static final int FULL_REREAD_EVERY = 25;
    private static final long MAX_KILL_DELAY_MILLIS = 1500;
    /** About one kill in this many is followed by a second one while the broker starts and recovers. */
    private static final int KILL_IN_STARTUP_ONE_IN = 3;
    private static final long MAX_STARTUP_KILL_DELAY_MILLIS = 4000;

    @TempDir
    Path workDir;

    @Test
    void sigkilledBrokerKeepsEveryAcknowledgedRecordAndCommit() throws Exception {
        SoakSettings settings = SoakSettings.current(0xc4a5bL);
        long start = System.nanoTime();
        Random random = new Random(settings.seed());
        List<ProducerLoad> loads = new ArrayList<>();
        List<GroupCommitter> committers = new ArrayList<>();
        int kills = 0;
        int startupKills = 0;
        long restartMillisMax = 0;
        long restartMillisTotal = 0;
        int commitChecks = 0;
        LogLedger ledger;
        try (BrokerProcess broker = new BrokerProcess(workDir, Map.of(
                "group.initial.rebalance.delay.ms", "0",
                "group.min.session.timeout.ms", "500",
                "group.consumer.heartbeat.interval.ms", "200"))) {
            broker.start();
            String bootstrap = broker.bootstrap();
            Properties adminProps = new Properties();
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            adminProps.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
            try (Admin admin = Admin.create(adminProps)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
                for (ProducerKind kind : PRODUCER_KINDS) {
                    for (Guarantee guarantee : Guarantee.values()) {
                        for (int i = 0; i < PRODUCERS_PER_GUARANTEE_AND_KIND; i++) {
                            String name = kind.name() + "-" + guarantee.name().toLowerCase() + "-" + i;
                            loads.add(new ProducerLoad(name, kind, guarantee, bootstrap, TOPIC, PARTITIONS,
                                    random.nextLong()));
                        }
                    }
                }
                committers.add(new GroupCommitter(bootstrap, "crash-classic", "classic", TOPIC));
                committers.add(new GroupCommitter(bootstrap, "crash-consumer", "consumer", TOPIC));
                ledger = new LogLedger(TOPIC, PARTITIONS, value -> value.contains("-idempotent_acks_all-"));

                for (int cycle = 0; settings.another(cycle, FAST_KILLS, start); cycle++) {
                    long t0 = System.nanoTime();
                    awaitProgress(loads, committers, cycle);
                    long t1 = System.nanoTime();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextLong(MAX_KILL_DELAY_MILLIS)));
                    broker.kill();
                    kills++;
                    if (random.nextInt(KILL_IN_STARTUP_ONE_IN) == 0) {
                        // Crash again while the broker starts up and recovers from the last crash.
                        broker.startAndKillAfter(Duration.ofMillis(random.nextLong(MAX_STARTUP_KILL_DELAY_MILLIS)));
                        startupKills++;
                    }
                    long t2 = System.nanoTime();
                    broker.start();
                    long t3 = System.nanoTime();
                    restartMillisMax = Math.max(restartMillisMax, (t3 - t2) / 1_000_000);
                    restartMillisTotal += (t3 - t2) / 1_000_000;
                    String when = "after kill " + kills;
                    commitChecks += verify(bootstrap, admin, loads, committers, ledger,
                            settings.soak() && kills % FULL_REREAD_EVERY == 0, when);
                    System.out.printf("crash cycle %d: progress %d ms, restart %d ms, verify %d ms, %d records%n",
                            cycle, (t1 - t0) / 1_000_000, (t3 - t2) / 1_000_000,
                            (System.nanoTime() - t3) / 1_000_000, ledger.records());
                    if (!ledger.violations().isEmpty()) {
                        break;
                    }
                }
                for (ProducerLoad load : loads) {
                    load.close();
                }
                commitChecks += verify(bootstrap, admin, loads, committers, ledger, true, "at the end");
                for (GroupCommitter committer : committers) {
                    committer.close();
                }
            }
            broker.stop();
            for (int p = 0; p < PARTITIONS; p++) {
                SegmentScan.Extent extent = SegmentScan.scan(broker.dataDir(), TOPIC, p);
                if (extent.startOffset() != 0 || extent.endOffset() != ledger.end(p)) {
                    ledger.violations().add("the segment files of " + TOPIC + "-" + p + " hold offsets "
                            + extent.startOffset() + " to " + extent.endOffset() + ", the broker served 0 to "
                            + ledger.end(p));
                }
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("kills", kills);
            figures.put("kills-during-startup", startupKills);
            figures.put("starts", broker.starts());
            figures.put("restart-ms-avg", kills == 0 ? 0 : restartMillisTotal / kills);
            figures.put("restart-ms-max", restartMillisMax);
            figures.put("acked-acks-all", acked(loads, Guarantee.IDEMPOTENT_ACKS_ALL));
            figures.put("acked-acks-1", acked(loads, Guarantee.ACKS_ONE));
            Map<String, Long> byKind = new java.util.TreeMap<>();
            loads.forEach(l -> byKind.merge(l.kind().name(), (long) l.acknowledged().size(), Long::sum));
            figures.put("acked-by-kind", byKind);
            figures.put("records-stored", ledger.records());
            Map<String, Integer> failures = new java.util.TreeMap<>();
            loads.forEach(l -> l.failures().forEach((cause, n) -> failures.merge(cause, n, Integer::sum)));
            figures.put("failed-sends", failures);
            figures.put("replaced-clients", loads.stream().mapToInt(ProducerLoad::replacedClients).sum());
            figures.put("commits-acked", committers.stream().mapToInt(GroupCommitter::acknowledgedCommits).sum());
            figures.put("commits-failed", committers.stream().mapToInt(GroupCommitter::failedCommits).sum());
            figures.put("commit-checks", commitChecks);
            figures.put("violations", ledger.violations().size());
            settings.printSummary("crash-durability", start, figures);
        } finally {
            loads.forEach(ProducerLoad::close);
            committers.forEach(GroupCommitter::close);
        }
        assertEquals(List.of(), ledger.violations(), "records lost, duplicated or changed; commits lost");
        for (ProducerLoad load : loads) {
            assertNull(load.crashed(), load.name() + " stopped with an error");
        }
        assertTrue(kills >= Math.min(FAST_KILLS, 1), "kills: " + kills);
        assertTrue(acked(loads, Guarantee.IDEMPOTENT_ACKS_ALL) > 0 && acked(loads, Guarantee.ACKS_ONE) > 0,
                "both guarantees had acknowledged records");
    }

    /** Waits (bounded) until every producer and committer got something through since the last restart. */
    private static void awaitProgress(List<ProducerLoad> loads, List<GroupCommitter> committers, int cycle) {
        Map<String, Integer> ackedBefore = new LinkedHashMap<>();
        loads.forEach(l -> ackedBefore.put(l.name(), l.acknowledged().size()));
        Map<String, Integer> commitsBefore = new LinkedHashMap<>();
        committers.forEach(c -> commitsBefore.put(c.group(), c.acknowledgedCommits()));
        await("producers and committers make progress in cycle " + cycle).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100)).until(() ->
                        loads.stream().allMatch(l -> l.acknowledged().size() > ackedBefore.get(l.name()))
                                && committers.stream().allMatch(c -> c.acknowledgedCommits() > commitsBefore.get(c.group())));
    }

    /**
     * Checks the log and the committed offsets against what the clients were told; returns the number of committed
     * offsets compared. Violations go to the ledger.
     */
    private static int verify(String bootstrap, Admin admin, List<ProducerLoad> loads, List<GroupCommitter> committers,
                              LogLedger ledger, boolean full, String when) throws Exception {
        for (GroupCommitter committer : committers) {
            committer.hold();
        }
        try {
            // Acknowledgements first, the log's end after: everything acknowledged lies below that end.
            Map<ProducerLoad, Map<Long, ProducerLoad.Written>> acked = new LinkedHashMap<>();
            for (ProducerLoad load : loads) {
                acked.put(load, load.acknowledged());
            }
            Map<Integer, Long> end = TopicReader.endOffsets(bootstrap, TOPIC, PARTITIONS, Duration.ofSeconds(60));
            ledger.catchUp(bootstrap, end, full, when);
            acked.forEach((load, written) -> written.forEach((seq, at) -> {
                String value = load.name() + ":" + seq;
                String stored = ledger.at(at.partition(), at.offset());
                if (!value.equals(stored)) {
                    ledger.violations().add(when + ": " + value + " was acknowledged at " + TOPIC + "-"
                            + at.partition() + " offset " + at.offset() + ", which holds " + stored);
                }
            }));
            int checks = 0;
            for (GroupCommitter committer : committers) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(committer.group())
                        .partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
                for (int p = 0; p < PARTITIONS; p++) {
                    OffsetAndMetadata o = committed.get(new TopicPartition(TOPIC, p));
                    long offset = o == null ? -1 : o.offset();
                    Set<Long> possible = committer.possible(p);
                    if (!possible.contains(offset)) {
                        ledger.violations().add(when + ": " + committer.group() + " has " + offset + " committed for "
                                + TOPIC + "-" + p + "; its last acknowledged (or unanswered) commits were " + possible);
                    }
                    checks++;
                }
            }
            return checks;
        } finally {
            for (GroupCommitter committer : committers) {
                committer.release();
            }
        }
    }

    private static long acked(List<ProducerLoad> loads, Guarantee guarantee) {
        return loads.stream().filter(l -> l.guarantee() == guarantee).mapToLong(l -> l.acknowledged().size()).sum();
    }
}
