package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.ScramCredentialStore;
import io.runnel.broker.security.ScramMechanism;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.AlterUserScramCredentialsRequest;
import io.runnel.protocol.message.AlterUserScramCredentialsRequest.ScramCredentialDeletion;
import io.runnel.protocol.message.AlterUserScramCredentialsRequest.ScramCredentialUpsertion;
import io.runnel.protocol.message.AlterUserScramCredentialsResponse;
import io.runnel.protocol.message.AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult;
import io.runnel.protocol.message.ApiMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * AlterUserScramCredentials v0 (KIP-554): adds, replaces and removes SCRAM credentials. The client sends the salted
 * password, never the password; the broker keeps only the stored and server keys derived from it, written to the
 * data directory on the security thread before the answer. The caller needs ALTER on the cluster. Per user, as
 * Kafka checks: a user named twice for the same mechanism is DUPLICATE_RESOURCE, an unknown mechanism
 * UNSUPPORTED_SASL_MECHANISM, an iteration count outside 4096..16384 or an empty name UNACCEPTABLE_CREDENTIAL, the
 * removal of a credential that does not exist RESOURCE_NOT_FOUND; a user with any error has none of its changes made.
 */
public final class AlterUserScramCredentialsHandler implements ApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AlterUserScramCredentialsHandler.class);

    private final BrokerContext broker;

    public AlterUserScramCredentialsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        AlterUserScramCredentialsRequest request = (AlterUserScramCredentialsRequest) body;
        Map<String, ErrorCode> errors = new LinkedHashMap<>();
        Map<String, String> messages = new HashMap<>();
        Map<String, List<ScramCredentialStore.Change>> changes = new LinkedHashMap<>();
        boolean allowed = broker.authorizer().authorizeCluster(context.session(), AclOperation.ALTER);
        ScramCredentialStore store = broker.security().credentials();
        Set<String> seen = new HashSet<>();
        for (ScramCredentialDeletion deletion : request.deletions()) {
            String user = deletion.name();
            ScramMechanism mechanism = ScramMechanism.forCode(deletion.mechanism());
            changes.computeIfAbsent(user, u -> new ArrayList<>());
            if (!allowed) {
                fail(errors, messages, user, ErrorCode.CLUSTER_AUTHORIZATION_FAILED, "Not authorized to alter users");
            } else if (mechanism == null) {
                fail(errors, messages, user, ErrorCode.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
            } else if (!seen.add(user + "\0" + mechanism)) {
                fail(errors, messages, user, ErrorCode.DUPLICATE_RESOURCE,
                        "A user credential cannot be altered twice in the same request");
            } else if (store.get(user, mechanism) == null) {
                fail(errors, messages, user, ErrorCode.RESOURCE_NOT_FOUND,
                        "Attempt to delete a user credential that does not exist");
            } else {
                changes.get(user).add(new ScramCredentialStore.Change(user, mechanism, null));
            }
        }
        for (ScramCredentialUpsertion upsertion : request.upsertions()) {
            String user = upsertion.name();
            ScramMechanism mechanism = ScramMechanism.forCode(upsertion.mechanism());
            changes.computeIfAbsent(user, u -> new ArrayList<>());
            if (!allowed) {
                fail(errors, messages, user, ErrorCode.CLUSTER_AUTHORIZATION_FAILED, "Not authorized to alter users");
            } else if (user.isEmpty()) {
                fail(errors, messages, user, ErrorCode.UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
            } else if (mechanism == null) {
                fail(errors, messages, user, ErrorCode.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
            } else if (!seen.add(user + "\0" + mechanism)) {
                fail(errors, messages, user, ErrorCode.DUPLICATE_RESOURCE,
                        "A user credential cannot be altered twice in the same request");
            } else if (upsertion.iterations() < ScramMechanism.MIN_ITERATIONS
                    || upsertion.iterations() > ScramMechanism.MAX_ITERATIONS) {
                fail(errors, messages, user, ErrorCode.UNACCEPTABLE_CREDENTIAL, "Iterations must be between "
                        + ScramMechanism.MIN_ITERATIONS + " and " + ScramMechanism.MAX_ITERATIONS);
            } else if (upsertion.salt().length == 0 || upsertion.saltedPassword().length == 0) {
                fail(errors, messages, user, ErrorCode.UNACCEPTABLE_CREDENTIAL, "Salt and password must be set");
            } else {
                changes.get(user).add(new ScramCredentialStore.Change(user, mechanism, mechanism.credential(
                        upsertion.saltedPassword(), upsertion.salt(), upsertion.iterations())));
            }
        }
        List<ScramCredentialStore.Change> accepted = new ArrayList<>();
        for (Map.Entry<String, List<ScramCredentialStore.Change>> entry : changes.entrySet()) {
            if (!errors.containsKey(entry.getKey())) {
                accepted.addAll(entry.getValue());
            }
        }
        CompletableFuture<Void> written = accepted.isEmpty() ? CompletableFuture.completedFuture(null)
                : broker.security().submit(() -> {
                    store.apply(accepted);
                    return null;
                });
        return written.handle((done, failure) -> {
            List<AlterUserScramCredentialsResult> results = new ArrayList<>();
            for (String user : changes.keySet()) {
                ErrorCode error = errors.get(user);
                AlterUserScramCredentialsResult result = new AlterUserScramCredentialsResult().user(user);
                if (error != null) {
                    result.errorCode(error.code()).errorMessage(messages.get(user));
                } else if (failure != null) {
                    result.errorCode(ErrorCode.UNKNOWN_SERVER_ERROR.code()).errorMessage("Cannot store credentials");
                } else {
                    LOG.info("SCRAM credentials of user {} changed by {}", user, context.session().principal());
                }
                results.add(result);
            }
            if (failure != null) {
                LOG.warn("Cannot store SCRAM credentials", failure);
            }
            return Response.of(new AlterUserScramCredentialsResponse().results(results));
        });
    }

    private static void fail(Map<String, ErrorCode> errors, Map<String, String> messages, String user,
                             ErrorCode error, String message) {
        if (errors.putIfAbsent(user, error) == null) {
            messages.put(user, message);
        }
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new AlterUserScramCredentialsResponse();
    }
}
