package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ApiVersionsRequest;
import io.runnel.protocol.message.ApiVersionsResponse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Answers ApiVersions with the version range of every API the broker serves.
 *
 * <p>A request of a version newer than the broker knows is answered, as Kafka does, in v0 with
 * UNSUPPORTED_VERSION and the full list, so the client can retry with a version both sides speak. From v3 on the
 * client states its software name and version, which must match Kafka's pattern or the request gets
 * INVALID_REQUEST.
 */
public final class ApiVersionsHandler implements ApiHandler {
    /** Kafka's rule for client software names and versions (KIP-511). */
    private static final Pattern SOFTWARE_NAME_OR_VERSION =
            Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");

    private final List<ApiVersionsResponse.ApiVersion> apiVersions;

    /** Advertises {@code apis}, each with its advertised range, in API key order. */
    public ApiVersionsHandler(Collection<ApiKey> apis) {
        List<ApiKey> sorted = new ArrayList<>(apis);
        sorted.sort(Comparator.comparingInt(ApiKey::id));
        List<ApiVersionsResponse.ApiVersion> list = new ArrayList<>(sorted.size());
        for (ApiKey api : sorted) {
            list.add(new ApiVersionsResponse.ApiVersion()
                    .apiKey(api.id())
                    .minVersion(api.advertisedLowestVersion())
                    .maxVersion(api.advertisedHighestVersion()));
        }
        // Shared by every response: encoding only reads it.
        this.apiVersions = Collections.unmodifiableList(list);
    }

    /** The advertised ranges, in API key order. */
    public List<ApiVersionsResponse.ApiVersion> apiVersions() {
        return apiVersions;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage request) {
        return CompletableFuture.completedFuture(respond(context, (ApiVersionsRequest) request));
    }

    private Response respond(RequestContext context, ApiVersionsRequest request) {
        if (context.apiVersion() > ApiKey.API_VERSIONS.highestVersion()) {
            return Response.atVersion(withRanges(ErrorCode.UNSUPPORTED_VERSION), (short) 0);
        }
        if (context.apiVersion() >= 3 && !(validSoftware(request.clientSoftwareName())
                && validSoftware(request.clientSoftwareVersion()))) {
            return Response.of(new ApiVersionsResponse().errorCode(ErrorCode.INVALID_REQUEST.code()));
        }
        return Response.of(withRanges(ErrorCode.NONE));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return error == ErrorCode.UNSUPPORTED_VERSION ? withRanges(error)
                : new ApiVersionsResponse().errorCode(error.code());
    }

    private ApiVersionsResponse withRanges(ErrorCode error) {
        return new ApiVersionsResponse().errorCode(error.code()).apiKeys(apiVersions);
    }

    private static boolean validSoftware(String value) {
        return value != null && SOFTWARE_NAME_OR_VERSION.matcher(value).matches();
    }
}
