package io.runnel.client.internal.consumer;

import io.runnel.client.OffsetReset;
import io.runnel.client.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Position bookkeeping: committed offsets, resets, fetch states, stale answers, pause. */
class FetchPositionsTest {
    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition B = new TopicPartition("t", 1);

    @Test
    void aCommittedOffsetBecomesThePositionAndNoneFallsBackToTheResetPolicy() {
        FetchPositions positions = new FetchPositions(OffsetReset.EARLIEST);
        positions.add(List.of(A, B), true);
        assertEquals(List.of(A, B), positions.needingCommitted());
        assertEquals(-1, positions.position(A));
        positions.committedFetched(A, 42);
        positions.committedFetched(B, -1);
        assertEquals(42, positions.position(A));
        assertEquals(Map.of(B, OffsetReset.EARLIEST), positions.needingReset());
        positions.resetDone(B, OffsetReset.EARLIEST, 7);
        assertEquals(Map.of(A, 42L, B, 7L), positions.positions());
    }

    @Test
    void resetNoneReportsPartitionsWithoutOffsetAndOutOfRangePositions() {
        FetchPositions positions = new FetchPositions(OffsetReset.NONE);
        positions.add(List.of(A, B), true);
        positions.committedFetched(A, -1);
        positions.committedFetched(B, 5);
        assertEquals(Set.of(A), positions.takeNoOffset());
        assertEquals(Set.of(), positions.takeNoOffset());
        assertTrue(positions.needingReset().isEmpty(), "NONE never guesses");
        assertEquals(Map.of(B, 5L), positions.startFetches());
        positions.outOfRange(B, 5);
        assertEquals(Map.of(B, 5L), positions.takeOutOfRange());
        positions.seek(B, 0);
        assertEquals(0, positions.position(B));
    }

    @Test
    void outOfRangeResetsByPolicyUnlessThePositionMovedMeanwhile() {
        FetchPositions positions = new FetchPositions(OffsetReset.LATEST);
        positions.add(List.of(A), false);
        positions.resetDone(A, OffsetReset.LATEST, 100);
        positions.startFetches();
        positions.seek(A, 50);
        positions.outOfRange(A, 100);
        assertEquals(50, positions.position(A), "an answer for an old position changes nothing");
        positions.outOfRange(A, 50);
        assertEquals(Map.of(A, OffsetReset.LATEST), positions.needingReset());
    }

    @Test
    void aPartitionIsFetchedOnceAtATimeAndStaleAnswersAreDropped() {
        FetchPositions positions = new FetchPositions(OffsetReset.EARLIEST);
        positions.add(List.of(A, B), false);
        positions.resetDone(A, OffsetReset.EARLIEST, 0);
        positions.resetDone(B, OffsetReset.EARLIEST, 0);
        assertEquals(Map.of(A, 0L, B, 0L), positions.startFetches());
        assertTrue(positions.startFetches().isEmpty(), "both in flight");

        assertTrue(positions.acceptFetch(A, 0, 10));
        assertEquals(10, positions.highWatermark(A));
        assertTrue(positions.startFetches().isEmpty(), "A is buffered, B in flight");
        assertTrue(positions.canConsume(A, 0));
        positions.consumed(A, 4);
        positions.bufferReleased(A);
        assertEquals(Map.of(A, 4L), positions.startFetches());

        positions.seek(B, 3);
        assertFalse(positions.acceptFetch(B, 0, 10), "B moved while its fetch was in flight");
        assertEquals(Map.of(B, 3L), positions.startFetches());
    }

    @Test
    void pausedPartitionsAreNotFetchedOrConsumed() {
        FetchPositions positions = new FetchPositions(OffsetReset.EARLIEST);
        positions.add(List.of(A), false);
        positions.resetDone(A, OffsetReset.EARLIEST, 0);
        positions.pause(List.of(A), true);
        assertTrue(positions.startFetches().isEmpty());
        assertFalse(positions.canConsume(A, 0));
        assertEquals(Set.of(A), positions.paused());
        positions.pause(List.of(A), false);
        assertEquals(Map.of(A, 0L), positions.startFetches());
    }

    @Test
    void manualAssignmentKeepsPositionsOfKeptPartitionsAndUnassignedOnesAreRefused() {
        FetchPositions positions = new FetchPositions(OffsetReset.EARLIEST);
        positions.assignExactly(List.of(A, B), false);
        positions.seek(A, 9);
        positions.assignExactly(List.of(A), false);
        assertEquals(Set.of(A), positions.assigned());
        assertEquals(9, positions.position(A));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> positions.seek(B, 1));
        assertTrue(e.getMessage().contains("t-1") || e.getMessage().contains("partition=1"), e.getMessage());
    }
}
