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
import io.runnel.protocol.message.DescribeAclsRequest;
import io.runnel.protocol.message.DescribeAclsResponse;
import io.runnel.protocol.message.DescribeAclsResponse.AclDescription;
import io.runnel.protocol.message.DescribeAclsResponse.DescribeAclsResource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeAcls v1-3: the ACLs matching the filter, grouped by resource pattern. Needs DESCRIBE on the cluster
 * (CLUSTER_AUTHORIZATION_FAILED); without an authorizer the answer is SECURITY_DISABLED, as Kafka's.
 */
public final class DescribeAclsHandler implements ApiHandler {
    private final BrokerContext broker;

    public DescribeAclsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        DescribeAclsRequest request = (DescribeAclsRequest) body;
        AclAuthorizer authorizer = broker.authorizer();
        if (!authorizer.isEnabled()) {
            return done(error(ErrorCode.SECURITY_DISABLED, "No Authorizer is configured."));
        }
        if (!authorizer.authorizeCluster(context.session(), AclOperation.DESCRIBE)) {
            return done(error(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, "Not authorized to describe ACLs"));
        }
        AclFilter filter = new AclFilter(AclResourceType.forCode(request.resourceTypeFilter()),
                request.resourceNameFilter(), AclPatternType.forCode(request.patternTypeFilter()),
                request.principalFilter(), request.hostFilter(), AclOperation.forCode(request.operation()),
                AclPermission.forCode(request.permissionType()));
        if (filter.invalidReason() != null) {
            return done(error(ErrorCode.INVALID_REQUEST, filter.invalidReason()));
        }
        Map<List<Object>, DescribeAclsResource> resources = new LinkedHashMap<>();
        for (AclBinding acl : authorizer.acls()) {
            if (!filter.matches(acl)) {
                continue;
            }
            resources.computeIfAbsent(List.of(acl.resourceType(), acl.resourceName(), acl.patternType()),
                    k -> new DescribeAclsResource().resourceType(acl.resourceType().code())
                            .resourceName(acl.resourceName()).patternType(acl.patternType().code()))
                    .acls().add(new AclDescription().principal(acl.principal()).host(acl.host())
                            .operation(acl.operation().code()).permissionType(acl.permission().code()));
        }
        return done(new DescribeAclsResponse().resources(new ArrayList<>(resources.values())));
    }

    private static CompletionStage<Response> done(DescribeAclsResponse response) {
        return CompletableFuture.completedFuture(Response.of(response));
    }

    private static DescribeAclsResponse error(ErrorCode error, String message) {
        return new DescribeAclsResponse().errorCode(error.code()).errorMessage(message);
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return error(error, null);
    }
}
