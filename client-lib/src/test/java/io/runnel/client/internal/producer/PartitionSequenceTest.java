package io.runnel.client.internal.producer;

import io.runnel.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionSequenceTest {
    private final PartitionSequence seq = new PartitionSequence();

    private int sendNew(int records) {
        assertTrue(seq.maySend(false, 5));
        int base = seq.assign(records);
        seq.sent();
        return base;
    }

    @Test
    void newBatchesGetConsecutiveSequencesAndPipelineUpToTheLimit() {
        assertEquals(0, sendNew(3));
        assertEquals(3, sendNew(2));
        assertEquals(5, sendNew(1));
        assertEquals(3, seq.inFlight());
        assertEquals(SequenceOutcome.COMPLETE, seq.onAnswer(0, 3, ErrorCode.NONE, false));
        assertEquals(2, seq.lastAcked());
        assertEquals(SequenceOutcome.COMPLETE, seq.onAnswer(3, 2, ErrorCode.NONE, false));
        assertEquals(4, seq.lastAcked());
        sendNew(1);
        sendNew(1);
        sendNew(1);
        sendNew(1);
        assertFalse(seq.maySend(false, 5), "five in flight");
    }

    @Test
    void aRetryWaitsUntilNothingOfThePartitionIsInFlight() {
        int first = sendNew(1);
        int second = sendNew(1);
        assertEquals(SequenceOutcome.RETRY, seq.onAnswer(first, 1, ErrorCode.NOT_LEADER_OR_FOLLOWER, true));
        assertFalse(seq.maySend(true, 5), "the second is still in flight");
        // The broker refuses the second: its predecessor is missing. It is retried after the first, not failed.
        assertEquals(SequenceOutcome.RETRY, seq.onAnswer(second, 1, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, false));
        assertTrue(seq.maySend(true, 5));
        seq.sent();
        assertEquals(SequenceOutcome.COMPLETE, seq.onAnswer(first, 1, ErrorCode.NONE, false));
        assertEquals(2, seq.nextSequence(), "retries keep their sequences");
    }

    @Test
    void duplicateOfAnAppendedBatchCountsAsAcknowledged() {
        int first = sendNew(4);
        assertEquals(SequenceOutcome.COMPLETE, seq.onAnswer(first, 4, ErrorCode.DUPLICATE_SEQUENCE_NUMBER, false));
        assertEquals(3, seq.lastAcked());
    }

    @Test
    void outOfOrderForTheNextBatchInLineFailsItAndAsksForABump() {
        sendNew(2);
        seq.onAnswer(0, 2, ErrorCode.NONE, false);
        int next = sendNew(1);
        assertEquals(SequenceOutcome.BUMP_AND_FAIL, seq.onAnswer(next, 1, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, false));
    }

    @Test
    void unknownProducerForTheNextBatchInLineRetriesItAfterABump() {
        int first = sendNew(1);
        assertEquals(SequenceOutcome.BUMP_AND_RETRY, seq.onAnswer(first, 1, ErrorCode.UNKNOWN_PRODUCER_ID, false));
        seq.reset();
        assertEquals(0, seq.nextSequence());
        assertEquals(-1, seq.lastAcked());
    }

    @Test
    void aNonRetriableErrorOnASequencedBatchAsksForABump() {
        int first = sendNew(1);
        assertEquals(SequenceOutcome.BUMP_AND_FAIL, seq.onAnswer(first, 1, ErrorCode.MESSAGE_TOO_LARGE, false));
    }

    @Test
    void resetIsRefusedWhileBatchesAreInFlight() {
        sendNew(1);
        assertThrows(IllegalStateException.class, seq::reset);
    }

    @Test
    void sequencesWrapAtIntegerMaxValueAsKafkasDo() {
        assertEquals(0, PartitionSequence.increment(Integer.MAX_VALUE, 1));
        assertEquals(4, PartitionSequence.increment(Integer.MAX_VALUE - 1, 6));
        assertEquals(Integer.MAX_VALUE, PartitionSequence.increment(Integer.MAX_VALUE - 3, 3));
    }

    @Test
    void anAnswerWithNothingInFlightIsABug() {
        assertThrows(IllegalStateException.class, () -> seq.onAnswer(0, 1, ErrorCode.NONE, false));
    }
}
