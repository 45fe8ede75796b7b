package io.runnel.client.internal.producer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProducerIdentityTest {
    private final ProducerIdentity identity = new ProducerIdentity();

    @Test
    void firstIdThenBumpInPlace() {
        assertTrue(identity.needsRequest());
        assertEquals(-1L, identity.beginRequest(true));
        assertEquals(-1, identity.requestEpoch(true));
        assertFalse(identity.isReady());
        assertFalse(identity.established(7L, (short) 0), "the first id restarts nothing");
        assertTrue(identity.isReady());

        identity.bumpNeeded();
        assertEquals(ProducerIdentity.State.NEEDS_BUMP, identity.state());
        assertEquals(7L, identity.beginRequest(true), "a bump names the current id");
        assertEquals(0, identity.requestEpoch(true));
        assertTrue(identity.established(7L, (short) 1), "a bump restarts the sequences");
        assertEquals(1, identity.epoch());
    }

    @Test
    void aBrokerWithoutBumpSupportGivesANewId() {
        identity.beginRequest(false);
        identity.established(7L, (short) 0);
        identity.bumpNeeded();
        assertEquals(-1L, identity.beginRequest(false));
        assertTrue(identity.established(8L, (short) 0));
    }

    @Test
    void anExhaustedEpochAsksForANewId() {
        identity.beginRequest(true);
        identity.established(7L, Short.MAX_VALUE);
        identity.bumpNeeded();
        assertEquals(-1L, identity.beginRequest(true));
    }

    @Test
    void aRetriableFailureReturnsToTheStateBeforeTheRequest() {
        identity.beginRequest(true);
        identity.requestFailed();
        assertEquals(ProducerIdentity.State.NEEDS_ID, identity.state());
        identity.beginRequest(true);
        identity.established(1L, (short) 0);
        identity.bumpNeeded();
        identity.beginRequest(true);
        identity.requestFailed();
        assertEquals(ProducerIdentity.State.NEEDS_BUMP, identity.state());
    }

    @Test
    void aBumpRequestedWhileOneIsUnderWayIsCoveredByIt() {
        identity.beginRequest(true);
        identity.bumpNeeded();
        assertEquals(ProducerIdentity.State.REQUESTING, identity.state());
    }

    @Test
    void fatalStopsEverything() {
        IllegalStateException cause = new IllegalStateException("denied");
        identity.fatal(cause);
        assertFalse(identity.isReady());
        assertFalse(identity.needsRequest());
        assertEquals(cause, identity.failure());
        assertThrows(IllegalStateException.class, () -> identity.beginRequest(true));
    }
}
