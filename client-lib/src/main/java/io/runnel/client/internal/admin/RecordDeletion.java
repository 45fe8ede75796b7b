package io.runnel.client.internal.admin;

import io.runnel.client.ApiErrorException;
import io.runnel.client.TopicPartition;
import io.runnel.protocol.ErrorCode;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Deleting records before an offset (Kafka's DeleteRecords, API key 21). broker-protocol has no DeleteRecords
 * schema yet (Runnel does not serve the API), so this client cannot encode the request: every call fails with
 * UNSUPPORTED_VERSION, naming the API, rather than pretending to work.
 */
public final class RecordDeletion {
    private static final int DELETE_RECORDS_KEY = 21;

    /** Record deletion over {@code runtime}'s network. */
    public RecordDeletion(AdminRuntime runtime) {
        // The runtime will carry the requests once the protocol layer speaks DeleteRecords.
        java.util.Objects.requireNonNull(runtime, "runtime");
    }

    /** Fails: see the class comment. */
    public CompletableFuture<Map<TopicPartition, Long>> delete(Map<TopicPartition, Long> beforeOffsets) {
        return CompletableFuture.failedFuture(new ApiErrorException(ErrorCode.UNSUPPORTED_VERSION,
                "delete records of " + beforeOffsets.keySet() + ": DeleteRecords (API key " + DELETE_RECORDS_KEY
                        + ") is not supported by this client yet, as Runnel does not serve it"));
    }
}
