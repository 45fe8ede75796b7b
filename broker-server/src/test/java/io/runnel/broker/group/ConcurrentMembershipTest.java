package io.runnel.broker.group;

import io.runnel.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Members joining, heartbeating, leaving and rejoining from many threads at once, as a busy deployment does.
 * Kafka clients treat UNKNOWN_MEMBER_ID as "you were thrown out" and lose their partitions, so a member that never
 * left and was never timed out (the clock does not move here) must never see it.
 */
class ConcurrentMembershipTest {
    private static final int THREADS = 6;
    private static final int STEPS = 150;

    @Test
    void concurrentJoinsAndLeavesNeverAnswerUnknownMemberId() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            runOnce(seed);
        }
    }

    private void runOnce(long seed) throws Exception {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            List<Short> errors = Collections.synchronizedList(new ArrayList<>());
            List<String> violations = Collections.synchronizedList(new ArrayList<>());
            List<TestConsumer> consumers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                consumers.add(h.consumer("busy", "m" + i));
            }
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    TestConsumer c = consumers.get(i);
                    Random random = new Random(seed * 100 + i);
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int step = 0; step < STEPS; step++) {
                            act(c, random, errors, violations);
                        }
                        // A member that stops must leave, or the others would wait for it until a timeout.
                        if (c.generation >= 0) {
                            short left = c.leave().members().get(0).errorCode();
                            if (left != ErrorCode.NONE.code()) {
                                violations.add(c.clientId + " final leave answered " + left);
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            }
            assertEquals(List.of(), violations, "seed " + seed);
            assertTrue(errors.stream().allMatch(e -> e == ErrorCode.REBALANCE_IN_PROGRESS.code()
                    || e == ErrorCode.ILLEGAL_GENERATION.code()), "seed " + seed + ": " + errors);

            assertEquals("Empty", h.describe("busy").groupState());
            assertEquals(List.of(), h.describe("busy").members());

            // The group is still usable: three fresh members share the partitions exactly once.
            List<TestConsumer> members = List.of(h.consumer("busy", "x"), h.consumer("busy", "y"),
                    h.consumer("busy", "z"));
            List<Short> settleErrors = h.stabilize(members);
            assertTrue(settleErrors.stream().noneMatch(e -> e == ErrorCode.UNKNOWN_MEMBER_ID.code()),
                    settleErrors.toString());
            List<String> owned = new ArrayList<>();
            for (TestConsumer c : members) {
                assertEquals(1, c.assignment.size());
                owned.addAll(c.assignment);
            }
            owned.sort(null);
            assertEquals(List.of("orders-0", "orders-1", "orders-2"), owned, "seed " + seed);
        }
    }

    private static void act(TestConsumer c, Random random, List<Short> errors, List<String> violations) {
        if (c.generation < 0) {
            CoordinatorHarness.await(c.joinAndSync(errors));
            return;
        }
        int roll = random.nextInt(100);
        if (roll < 8) {
            short left = c.leave().members().get(0).errorCode();
            if (left != ErrorCode.NONE.code()) {
                violations.add(c.clientId + " leave answered " + left);
            }
            c.memberId = "";
            c.generation = -1;
            c.assignment = List.of();
            return;
        }
        short heartbeat = c.heartbeat();
        if (heartbeat == ErrorCode.REBALANCE_IN_PROGRESS.code() || heartbeat == ErrorCode.ILLEGAL_GENERATION.code()) {
            errors.add(heartbeat);
            CoordinatorHarness.await(c.joinAndSync(errors));
        } else if (heartbeat != ErrorCode.NONE.code()) {
            violations.add(c.clientId + " heartbeat answered " + heartbeat);
            c.memberId = "";
            c.generation = -1;
        }
    }
}
