package io.runnel.broker.fetch;

import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.FetchRequest;

/**
 * Fetch sessions (KIP-227, Fetch v7+), declined as Kafka allows: every full fetch is answered with session id 0,
 * which tells the client that no session was created, so its next request is a full fetch again. Clients keep
 * working; they only send every partition in every request.
 *
 * <p>Session epoch 0 (open a session) and -1 (no session, or close one) mark a full fetch. Any other epoch is an
 * incremental fetch of a session this broker never handed out, answered FETCH_SESSION_ID_NOT_FOUND, after which a
 * client falls back to a full fetch. Forgotten topics only mean something inside a session and are ignored.
 */
public final class FetchSessions {
    /** The session id that means "no session". */
    public static final int NO_SESSION = 0;
    private static final int OPEN_EPOCH = 0;
    private static final int SESSIONLESS_EPOCH = -1;
    private static final short FIRST_VERSION_WITH_SESSIONS = 7;

    private FetchSessions() {
    }

    /** Null when {@code request} is a full fetch to answer; else the top-level error it gets. */
    public static ErrorCode check(FetchRequest request, short version) {
        if (version < FIRST_VERSION_WITH_SESSIONS) {
            return null;
        }
        int epoch = request.sessionEpoch();
        return epoch == OPEN_EPOCH || epoch == SESSIONLESS_EPOCH ? null : ErrorCode.FETCH_SESSION_ID_NOT_FOUND;
    }
}
