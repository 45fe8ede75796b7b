package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.AclAuthorizer;
import io.runnel.broker.security.AclBinding;
import io.runnel.broker.security.AclFilter;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.AclPatternType;
import io.runnel.broker.security.AclPermission;
import io.runnel.broker.security.AclResourceType;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DeleteAclsRequest;
import io.runnel.protocol.message.DeleteAclsResponse;
import io.runnel.protocol.message.DeleteAclsResponse.DeleteAclsFilterResult;
import io.runnel.protocol.message.DeleteAclsResponse.DeleteAclsMatchingAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DeleteAcls v1-3: removes every ACL matching each filter, durably on the security thread, and answers what each
 * filter removed. Needs ALTER on the cluster; without an authorizer every filter is SECURITY_DISABLED.
 */
public final class DeleteAclsHandler implements ApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteAclsHandler.class);

    private final BrokerContext broker;

    public DeleteAclsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        DeleteAclsRequest request = (DeleteAclsRequest) body;
        AclAuthorizer authorizer = broker.authorizer();
        ErrorCode refusal = !authorizer.isEnabled() ? ErrorCode.SECURITY_DISABLED
                : !authorizer.authorizeCluster(context.session(), AclOperation.ALTER)
                ? ErrorCode.CLUSTER_AUTHORIZATION_FAILED : null;
        List<AclFilter> filters = new ArrayList<>();
        for (DeleteAclsRequest.DeleteAclsFilter filter : request.filters()) {
            filters.add(new AclFilter(AclResourceType.forCode(filter.resourceTypeFilter()),
                    filter.resourceNameFilter(), AclPatternType.forCode(filter.patternTypeFilter()),
                    filter.principalFilter(), filter.hostFilter(), AclOperation.forCode(filter.operation()),
                    AclPermission.forCode(filter.permissionType())));
        }
        if (refusal != null) {
            List<DeleteAclsFilterResult> results = new ArrayList<>();
            for (int i = 0; i < filters.size(); i++) {
                results.add(new DeleteAclsFilterResult().errorCode(refusal.code()));
            }
            return CompletableFuture.completedFuture(Response.of(new DeleteAclsResponse().filterResults(results)));
        }
        List<AclFilter> valid = new ArrayList<>();
        for (AclFilter filter : filters) {
            if (filter.invalidReason() == null) {
                valid.add(filter);
            }
        }
        return broker.security().submit(() -> authorizer.remove(valid)).handle((removed, failure) -> {
            List<DeleteAclsFilterResult> results = new ArrayList<>();
            int next = 0;
            for (AclFilter filter : filters) {
                DeleteAclsFilterResult result = new DeleteAclsFilterResult();
                results.add(result);
                if (filter.invalidReason() != null) {
                    result.errorCode(ErrorCode.INVALID_REQUEST.code()).errorMessage(filter.invalidReason());
                    continue;
                }
                if (failure != null) {
                    result.errorCode(ErrorCode.UNKNOWN_SERVER_ERROR.code()).errorMessage("Cannot store ACLs");
                    continue;
                }
                for (AclBinding acl : removed.get(next++)) {
                    result.matchingAcls().add(new DeleteAclsMatchingAcl().resourceType(acl.resourceType().code())
                            .resourceName(acl.resourceName()).patternType(acl.patternType().code())
                            .principal(acl.principal()).host(acl.host()).operation(acl.operation().code())
                            .permissionType(acl.permission().code()));
                }
            }
            if (failure != null) {
                LOG.warn("Cannot store ACLs", failure);
            } else {
                LOG.info("{} removed ACLs {}", context.session().principal(), removed);
            }
            return Response.of(new DeleteAclsResponse().filterResults(results));
        });
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new DeleteAclsResponse();
    }
}
