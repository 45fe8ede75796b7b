package io.runnel.broker.group;

import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.FindCoordinatorRequest;
import io.runnel.protocol.message.FindCoordinatorResponse;
import io.runnel.protocol.message.FindCoordinatorResponse.Coordinator;

import java.util.ArrayList;
import java.util.List;

/**
 * The coordinator lookup behind FindCoordinator: a single broker coordinates every group (key type 0) and every
 * transactional id (key type 1), so both always get this broker. Up to v3 one key; from v4 a batch of keys, answered
 * one by one.
 */
final class FindCoordinatorAnswers {
    static final byte KEY_TYPE_GROUP = 0;
    static final byte KEY_TYPE_TRANSACTION = 1;

    private FindCoordinatorAnswers() {
    }

    static FindCoordinatorResponse find(short version, FindCoordinatorRequest request, CoordinatorEndpoint self) {
        byte keyType = version >= 1 ? request.keyType() : KEY_TYPE_GROUP;
        ErrorCode error = keyType == KEY_TYPE_GROUP || keyType == KEY_TYPE_TRANSACTION ? ErrorCode.NONE
                : ErrorCode.INVALID_REQUEST;
        String message = error == ErrorCode.NONE ? null : "unknown coordinator key type " + keyType;
        boolean found = error == ErrorCode.NONE;
        if (version < 4) {
            return new FindCoordinatorResponse()
                    .errorCode(error.code())
                    .errorMessage(version >= 1 ? message : null)
                    .nodeId(found ? self.nodeId() : -1)
                    .host(found ? self.host() : "")
                    .port(found ? self.port() : -1);
        }
        List<Coordinator> coordinators = new ArrayList<>(request.coordinatorKeys().size());
        for (String key : request.coordinatorKeys()) {
            coordinators.add(new Coordinator()
                    .key(key)
                    .nodeId(found ? self.nodeId() : -1)
                    .host(found ? self.host() : "")
                    .port(found ? self.port() : -1)
                    .errorCode(error.code())
                    .errorMessage(message));
        }
        return new FindCoordinatorResponse().coordinators(coordinators);
    }
}
