package io.runnel.reliability.churn;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The churn suite's observer finds what it is there to find, and only that. */
class ChurnObserverTest {
    private static final long GRACE = 100;

    @Test
    void aHandOverAfterTheRevocationIsOneOwnerAtATime() {
        ChurnObserver observer = new ChurnObserver(GRACE);
        observer.add("a", List.of("A 10 0,1", "C 11 0 0 9", "K 12 0 10", "R 20 0"), Long.MAX_VALUE, List.of());
        observer.add("b", List.of("A 21 0", "C 22 0 10 19", "K 23 0 20"), Long.MAX_VALUE, List.of());
        assertEquals(List.of(), observer.doubleOwners());
        assertEquals(List.of(), observer.unfencedCommits());
        assertEquals(List.of(), observer.unconsumed(Map.of(0, 20L)));
        assertEquals(3, observer.ownershipCount());
    }

    @Test
    void anAssignmentBeforeTheOldOwnerRevokedIsTwoOwners() {
        ChurnObserver observer = new ChurnObserver(GRACE);
        observer.add("a", List.of("A 10 0", "R 20 0"), Long.MAX_VALUE, List.of());
        observer.add("b", List.of("A 15 0"), Long.MAX_VALUE, List.of());
        List<String> found = observer.doubleOwners();
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).contains("member=a") && found.get(0).contains("member=b"), found.get(0));
    }

    @Test
    void aKilledMembersOwnershipEndsAtTheKill() {
        ChurnObserver observer = new ChurnObserver(GRACE);
        observer.add("a", List.of("A 10 0"), 30, List.of());
        observer.add("b", List.of("A 31 0"), Long.MAX_VALUE, List.of());
        assertEquals(List.of(), observer.doubleOwners());
        observer.add("c", List.of("A 29 0"), Long.MAX_VALUE, List.of());
        assertEquals(2, observer.doubleOwners().size(), observer.doubleOwners().toString());
    }

    @Test
    void aFrozenMemberOwnsUntilItsSessionCanExpireAndNoLonger() {
        ChurnObserver observer = new ChurnObserver(GRACE);
        // Frozen at 20; thawed and closed at 500, it reports a revocation: the group moved partition 0 at 300.
        observer.add("frozen", List.of("A 10 0", "R 500 0"), Long.MAX_VALUE, List.of(20L));
        observer.add("b", List.of("A 300 0"), Long.MAX_VALUE, List.of());
        assertEquals(List.of(), observer.doubleOwners());
        // Before the session could expire, taking the partition over is two owners.
        observer.add("c", List.of("A 110 0", "R 200 0"), Long.MAX_VALUE, List.of());
        assertEquals(1, observer.doubleOwners().size(), observer.doubleOwners().toString());
    }

    @Test
    void lostOwnershipIsTheFencedMembersBeliefButItsCommitsMustHaveFailed() {
        ChurnObserver observer = new ChurnObserver(GRACE);
        observer.add("zombie", List.of("A 10 0", "K 40 0 5", "L 50 0"), Long.MAX_VALUE, List.of());
        observer.add("b", List.of("A 30 0"), Long.MAX_VALUE, List.of());
        assertEquals(List.of(), observer.doubleOwners());
        assertEquals(1, observer.lostCount());
        List<String> unfenced = observer.unfencedCommits();
        assertEquals(1, unfenced.size(), unfenced.toString());
        assertTrue(unfenced.get(0).contains("zombie"), unfenced.get(0));
    }

    @Test
    void offsetsNoMemberConsumedAreReportedAsRanges() {
        ChurnObserver observer = new ChurnObserver(GRACE);
        observer.add("a", List.of("A 1 0,1", "C 2 0 0 4", "C 3 0 8 9", "C 4 1 0 2", "C 5 1 0 1",
                "10:00:00.000 [main] WARN some log line"), Long.MAX_VALUE, List.of());
        assertEquals(List.of("0:5-8", "0:10-12", "1:3-5"), observer.unconsumed(new java.util.TreeMap<>(
                Map.of(0, 12L, 1, 5L))));
        assertEquals(5, observer.lines());
    }
}
