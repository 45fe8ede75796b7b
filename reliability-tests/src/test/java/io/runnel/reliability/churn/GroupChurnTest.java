package io.runnel.reliability.churn;

import io.runnel.broker.testing.ChildProcess;
import io.runnel.broker.testing.DroppingProxy;
import io.runnel.reliability.SoakSettings;
import io.runnel.reliability.check.BrokerProcess;
import io.runnel.reliability.check.TopicReader;
import io.runnel.reliability.crash.Guarantee;
import io.runnel.reliability.crash.KafkaClientsProducerKind;
import io.runnel.reliability.crash.ProducerLoad;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group churn under faults: two groups consume one topic, one with the classic protocol and one with the consumer
 * (KIP-848) protocol, each with members in child JVMs ({@link ChurnMemberMain}) that join, leave (SIGTERM), are
 * killed (SIGKILL), frozen for a while (SIGSTOP, then SIGCONT: a long GC pause or a stalled host, sometimes past
 * the session timeout) at random, while every client's connections are cut now and then (a {@link DroppingProxy}
 * in front of the broker) and the broker itself — a child process — is restarted, by SIGTERM or SIGKILL.
 * Meanwhile an idempotent producer writes and a sampler reads both groups' committed offsets.
 *
 * <p>Checked from the members' own reports ({@link ChurnObserver}) and the samples: no partition ever had two
 * owners in a group at once, no commit was accepted from a member while another owned the partition, every
 * record was consumed at least once, and committed offsets never went backwards; at the end both groups have
 * committed every partition's end. Fast version: a fixed seed and a fixed number of steps; {@code -Psoak}: steps
 * until {@code runnel.soak.duration} has passed.
 */
class GroupChurnTest {
    private static final String TOPIC = "churn";
    private static final int PARTITIONS = 6;
    private static final List<String> PROTOCOLS = List.of("classic", "consumer");
    private static final int MAX_MEMBERS_PER_GROUP = 3;
    private static final int FAST_STEPS = 24;
    /**
     * How long a frozen member still owns its partitions for the observer: the 3 s session timeout less a 300 ms
     * heartbeat interval, less some margin (both group protocols use these figures here).
     */
    private static final long FROZEN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(2_500);
    /** A broker restart every this many steps. */
    private static final int RESTART_EVERY = 10;

    @TempDir
    Path workDir;
    /** What the suite did when, for failure reports: "nanoTime action who". */
    private final List<String> timeline = new CopyOnWriteArrayList<>();

    /** A member process and what the suite did to it. */
    private static final class Member {
        final String name;
        final String group;
        final ChildProcess process;
        long killedAt = Long.MAX_VALUE;
        final List<Long> frozenAt = new ArrayList<>();
        boolean frozen;
        boolean gone;

        Member(String name, String group, ChildProcess process) {
            this.name = name;
            this.group = group;
            this.process = process;
        }
    }

    @Test
    void noPartitionHasTwoOwnersAndNothingIsSkippedWhileMembersAndTheBrokerFail() throws Exception {
        SoakSettings settings = SoakSettings.current(0xc4a2bL);
        long start = System.nanoTime();
        Random random = new Random(settings.seed());
        Map<String, Integer> actions = new LinkedHashMap<>();
        List<Member> members = new ArrayList<>();
        List<String> regressions = new CopyOnWriteArrayList<>();
        Map<String, ChurnObserver> observers = new LinkedHashMap<>();
        Map<Integer, Long> end;
        int samples;
        try (DroppingProxy proxy = new DroppingProxy();
             BrokerProcess broker = new BrokerProcess(workDir, Map.of(
                     "advertised.listeners", "PLAINTEXT://127.0.0.1:" + proxy.port(),
                     "group.initial.rebalance.delay.ms", "0",
                     "group.min.session.timeout.ms", "500",
                     "group.consumer.session.timeout.ms", "3000",
                     "group.consumer.heartbeat.interval.ms", "300"))) {
            broker.start();
            proxy.target(Integer.parseInt(broker.bootstrap().split(":")[1]));
            String bootstrap = "127.0.0.1:" + proxy.port();
            Properties adminProps = new Properties();
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            adminProps.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
            ProducerLoad producer = null;
            try (Admin admin = Admin.create(adminProps);
                 CommitSampler sampler = new CommitSampler(admin, TOPIC, PARTITIONS, groups(), regressions)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
                producer = new ProducerLoad("churn-producer", new KafkaClientsProducerKind(),
                        Guarantee.IDEMPOTENT_ACKS_ALL, bootstrap, TOPIC, PARTITIONS, random.nextLong());
                for (String group : groups()) {
                    members.add(startMember(bootstrap, group, members.size()));
                }
                for (int step = 0; settings.another(step, FAST_STEPS, start); step++) {
                    // Pacing the churn, so that groups settle between some of the faults and not between others.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300 + random.nextInt(900)));
                    if (step % RESTART_EVERY == RESTART_EVERY - 1) {
                        boolean kill = (step / RESTART_EVERY) % 2 == 0;
                        if (kill) {
                            broker.kill();
                        } else {
                            broker.stop();
                        }
                        broker.start();
                        actions.merge(did(kill ? "broker-kill" : "broker-stop", "broker"), 1, Integer::sum);
                        continue;
                    }
                    actions.merge(churn(bootstrap, members, proxy, random), 1, Integer::sum);
                }
                for (Member m : members) {
                    if (m.frozen && !m.gone) {
                        m.process.signal("CONT");
                        m.frozen = false;
                    }
                }
                producer.close();
                assertNull(producer.crashed(), "the producer stopped with an error");
                end = TopicReader.endOffsets(bootstrap, TOPIC, PARTITIONS, Duration.ofSeconds(60));
                await("every group commits every partition's end " + end).atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> groups().stream().allMatch(g -> end.equals(sampler.latest(g))));
                samples = sampler.samples();
            } finally {
                if (producer != null) {
                    producer.close();
                }
            }
            for (Member m : members) {
                if (!m.gone) {
                    m.process.signal("TERM");
                    m.process.awaitExit(Duration.ofSeconds(60));
                    m.gone = true;
                }
            }
        } finally {
            for (Member m : members) {
                m.process.close();
            }
        }
        for (Member m : members) {
            observers.computeIfAbsent(m.group, g -> new ChurnObserver(FROZEN_GRACE_NANOS))
                    .add(m.name, m.process.out(), m.killedAt, m.frozenAt);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("actions", actions);
        figures.put("members-started", members.size());
        figures.put("records", end.values().stream().mapToLong(Long::longValue).sum());
        figures.put("commit-samples", samples);
        List<String> violations = new ArrayList<>(regressions);
        observers.forEach((group, o) -> {
            figures.put(group + "-ownerships", o.ownershipCount());
            figures.put(group + "-lost", o.lostCount());
            o.doubleOwners().forEach(v -> violations.add(group + ": two owners: " + v));
            o.unfencedCommits().forEach(v -> violations.add(group + ": unfenced commit: " + v));
            o.unconsumed(end).forEach(v -> violations.add(group + ": never consumed: " + v));
        });
        figures.put("violations", violations.size());
        settings.printSummary("group-churn", start, figures);
        if (!violations.isEmpty()) {
            saveForDiagnosis(settings.seed(), members);
        }
        assertEquals(List.of(), violations);
        assertTrue(observers.values().stream().allMatch(o -> o.ownershipCount() > 0), "members reported ownership");
    }

    private static List<String> groups() {
        return PROTOCOLS.stream().map(p -> "churn-" + p).toList();
    }

    private static String protocolOf(String group) {
        return group.substring("churn-".length());
    }

    private Member startMember(String bootstrap, String group, int index) throws java.io.IOException {
        String name = group + "-m" + index;
        ChildProcess process = ChildProcess.startTestMain(workDir, ChurnMemberMain.class.getName(), bootstrap, group,
                protocolOf(group), TOPIC, name);
        return new Member(name, group, process);
    }

    /** One random membership or network fault; returns its name. */
    private String churn(String bootstrap, List<Member> members, DroppingProxy proxy, Random random)
            throws Exception {
        String group = groups().get(random.nextInt(PROTOCOLS.size()));
        List<Member> live = members.stream().filter(m -> m.group.equals(group) && !m.gone).toList();
        int choice = random.nextInt(7);
        if (choice <= 1 || live.size() < 2) {
            if (live.size() >= MAX_MEMBERS_PER_GROUP) {
                proxy.cutConnections();
                return did("cut", "every client");
            }
            Member joined = startMember(bootstrap, group, members.size());
            members.add(joined);
            return did("join", joined.name);
        }
        Member victim = live.get(random.nextInt(live.size()));
        switch (choice) {
            case 2 -> {
                if (victim.frozen) {
                    victim.process.signal("CONT");
                    victim.frozen = false;
                }
                victim.process.signal("TERM");
                victim.process.awaitExit(Duration.ofSeconds(60));
                victim.gone = true;
                return did("leave", victim.name);
            }
            case 3, 4 -> {
                victim.killedAt = System.nanoTime();
                victim.process.signal("KILL");
                victim.process.awaitExit(Duration.ofSeconds(60));
                victim.gone = true;
                victim.frozen = false;
                return did("kill", victim.name);
            }
            case 5 -> {
                if (victim.frozen) {
                    victim.process.signal("CONT");
                    victim.frozen = false;
                    return did("thaw", victim.name);
                }
                victim.frozenAt.add(System.nanoTime());
                victim.process.signal("STOP");
                victim.frozen = true;
                return did("freeze", victim.name);
            }
            default -> {
                proxy.cutConnections();
                return did("cut", "every client");
            }
        }
    }

    /** Notes an action in the timeline kept for failure reports; returns its name. */
    private String did(String action, String who) {
        timeline.add(System.nanoTime() + " " + action + " " + who);
        return action;
    }

    /** Saves the timeline and every member's report under target/, where a failed run can be read after it. */
    private void saveForDiagnosis(long seed, List<Member> members) throws java.io.IOException {
        Path dir = Path.of("target", "reliability-failures", "group-churn-" + seed);
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.write(dir.resolve("timeline.txt"), timeline);
        for (Member m : members) {
            java.nio.file.Files.write(dir.resolve(m.name + ".txt"), m.process.out());
        }
        System.out.println("group-churn: timeline and member reports saved in " + dir.toAbsolutePath());
    }

    /** Samples the groups' committed offsets in the background and notes any that went backwards. */
    private static final class CommitSampler implements AutoCloseable {
        private final Admin admin;
        private final String topic;
        private final int partitions;
        private final List<String> groups;
        private final List<String> regressions;
        private final Map<String, Map<Integer, Long>> highest = new HashMap<>();
        private final Thread thread;
        private volatile boolean running = true;
        private int samples;

        CommitSampler(Admin admin, String topic, int partitions, List<String> groups, List<String> regressions) {
            this.admin = admin;
            this.topic = topic;
            this.partitions = partitions;
            this.groups = groups;
            this.regressions = regressions;
            this.thread = new Thread(this::run, "commit-sampler");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        synchronized int samples() {
            return samples;
        }

        /** The committed offsets last seen for {@code group}, for every partition (0 for none yet). */
        synchronized Map<Integer, Long> latest(String group) {
            Map<Integer, Long> all = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                all.put(p, highest.getOrDefault(group, Map.of()).getOrDefault(p, 0L));
            }
            return all;
        }

        private void run() {
            while (running) {
                for (String group : groups) {
                    Map<TopicPartition, OffsetAndMetadata> committed;
                    try {
                        committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                                .get(5, TimeUnit.SECONDS);
                    } catch (Exception brokerRestarting) {
                        continue;
                    }
                    record(group, committed);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }

        private synchronized void record(String group, Map<TopicPartition, OffsetAndMetadata> committed) {
            samples++;
            Map<Integer, Long> seen = highest.computeIfAbsent(group, g -> new HashMap<>());
            committed.forEach((tp, o) -> {
                if (o == null || !tp.topic().equals(topic)) {
                    return;
                }
                Long before = seen.get(tp.partition());
                if (before != null && o.offset() < before) {
                    regressions.add(group + ": committed offset of " + tp + " went back from " + before + " to "
                            + o.offset());
                }
                seen.merge(tp.partition(), o.offset(), Math::max);
            });
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
