package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.ScramCredential;
import io.runnel.broker.security.ScramMechanism;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DescribeUserScramCredentialsRequest;
import io.runnel.protocol.message.DescribeUserScramCredentialsResponse;
import io.runnel.protocol.message.DescribeUserScramCredentialsResponse.CredentialInfo;
import io.runnel.protocol.message.DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeUserScramCredentials v0 (KIP-554): the mechanisms and iteration counts of the users asked for, or of every
 * user with a credential when none are named; never a salt or a key. As in Kafka: a user without credentials is
 * RESOURCE_NOT_FOUND, a user named twice DUPLICATE_RESOURCE, and the caller needs DESCRIBE on the cluster.
 */
public final class DescribeUserScramCredentialsHandler implements ApiHandler {
    private final BrokerContext broker;

    public DescribeUserScramCredentialsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        DescribeUserScramCredentialsRequest request = (DescribeUserScramCredentialsRequest) body;
        if (!broker.authorizer().authorizeCluster(context.session(), AclOperation.DESCRIBE)) {
            return done(error(ErrorCode.CLUSTER_AUTHORIZATION_FAILED));
        }
        Map<String, Map<ScramMechanism, ScramCredential>> users = broker.security().credentials().all();
        List<DescribeUserScramCredentialsResult> results = new ArrayList<>();
        if (request.users() == null || request.users().isEmpty()) {
            for (Map.Entry<String, Map<ScramMechanism, ScramCredential>> user : users.entrySet()) {
                results.add(describe(user.getKey(), user.getValue()));
            }
            return done(new DescribeUserScramCredentialsResponse().results(results));
        }
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (DescribeUserScramCredentialsRequest.UserName name : request.users()) {
            if (!seen.add(name.name())) {
                duplicates.add(name.name());
            }
        }
        for (String name : seen) {
            Map<ScramMechanism, ScramCredential> credentials = users.get(name);
            if (duplicates.contains(name)) {
                results.add(new DescribeUserScramCredentialsResult().user(name)
                        .errorCode(ErrorCode.DUPLICATE_RESOURCE.code())
                        .errorMessage("Cannot describe SCRAM credentials for the same user twice in a single request: "
                                + name));
            } else if (credentials == null) {
                results.add(new DescribeUserScramCredentialsResult().user(name)
                        .errorCode(ErrorCode.RESOURCE_NOT_FOUND.code())
                        .errorMessage("Attempt to describe a user credential that does not exist: " + name));
            } else {
                results.add(describe(name, credentials));
            }
        }
        return done(new DescribeUserScramCredentialsResponse().results(results));
    }

    private static DescribeUserScramCredentialsResult describe(String user,
                                                               Map<ScramMechanism, ScramCredential> credentials) {
        List<CredentialInfo> infos = new ArrayList<>(credentials.size());
        for (Map.Entry<ScramMechanism, ScramCredential> entry : credentials.entrySet()) {
            infos.add(new CredentialInfo().mechanism(entry.getKey().code())
                    .iterations(entry.getValue().iterations()));
        }
        return new DescribeUserScramCredentialsResult().user(user).credentialInfos(infos);
    }

    private static CompletionStage<Response> done(DescribeUserScramCredentialsResponse response) {
        return CompletableFuture.completedFuture(Response.of(response));
    }

    private static DescribeUserScramCredentialsResponse error(ErrorCode error) {
        return new DescribeUserScramCredentialsResponse().errorCode(error.code());
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return error(error);
    }
}
