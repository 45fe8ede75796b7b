package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.AclAuthorizer;
import io.runnel.broker.security.AclBinding;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.AclPatternType;
import io.runnel.broker.security.AclPermission;
import io.runnel.broker.security.AclResourceType;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.CreateAclsRequest;
import io.runnel.protocol.message.CreateAclsResponse;
import io.runnel.protocol.message.CreateAclsResponse.AclCreationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * CreateAcls v1-3: adds ACLs, stored durably on the security thread before the answer; one result per creation, in
 * order. Needs ALTER on the cluster; an ACL that cannot exist (unknown codes, a cluster not named kafka-cluster, a
 * principal without a type) is INVALID_REQUEST; without an authorizer every creation is SECURITY_DISABLED.
 */
public final class CreateAclsHandler implements ApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CreateAclsHandler.class);

    private final BrokerContext broker;

    public CreateAclsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        CreateAclsRequest request = (CreateAclsRequest) body;
        AclAuthorizer authorizer = broker.authorizer();
        ErrorCode refusal = !authorizer.isEnabled() ? ErrorCode.SECURITY_DISABLED
                : !authorizer.authorizeCluster(context.session(), AclOperation.ALTER)
                ? ErrorCode.CLUSTER_AUTHORIZATION_FAILED : null;
        List<AclCreationResult> results = new ArrayList<>();
        List<AclBinding> accepted = new ArrayList<>();
        for (CreateAclsRequest.AclCreation creation : request.creations()) {
            if (refusal != null) {
                results.add(new AclCreationResult().errorCode(refusal.code()));
                continue;
            }
            AclBinding acl = new AclBinding(AclResourceType.forCode(creation.resourceType()),
                    creation.resourceName(), AclPatternType.forCode(creation.resourcePatternType()),
                    creation.principal(), creation.host(), AclOperation.forCode(creation.operation()),
                    AclPermission.forCode(creation.permissionType()));
            String invalid = acl.invalidReason();
            if (invalid != null) {
                results.add(new AclCreationResult().errorCode(ErrorCode.INVALID_REQUEST.code()).errorMessage(invalid));
            } else {
                accepted.add(acl);
                results.add(new AclCreationResult());
            }
        }
        if (accepted.isEmpty()) {
            return CompletableFuture.completedFuture(Response.of(new CreateAclsResponse().results(results)));
        }
        return broker.security().submit(() -> {
            authorizer.add(accepted);
            return null;
        }).handle((done, failure) -> {
            if (failure != null) {
                LOG.warn("Cannot store ACLs", failure);
                for (AclCreationResult result : results) {
                    if (result.errorCode() == 0) {
                        result.errorCode(ErrorCode.UNKNOWN_SERVER_ERROR.code()).errorMessage("Cannot store ACLs");
                    }
                }
            } else {
                LOG.info("{} added ACLs {}", context.session().principal(), accepted);
            }
            return Response.of(new CreateAclsResponse().results(results));
        });
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new CreateAclsResponse();
    }
}
