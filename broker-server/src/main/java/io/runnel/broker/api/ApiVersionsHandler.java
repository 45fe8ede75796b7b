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
 *
 * <p>From v3 the answer also carries the broker's features (KIP-584): {@code transaction.version}, supported 0-1 and
 * finalized at level 1. kafka-clients 4.x use the KIP-890 part 2 protocol (implicit partition adds, an epoch bump per
 * transaction) only from level 2; at level 1 they add partitions with AddPartitionsToTxn before writing, which this
 * broker verifies (KIP-890 part 1), and keep their epoch across transactions.
 */
public final class ApiVersionsHandler implements ApiHandler {
    /** Kafka's rule for client software names and versions (KIP-511). */
    private static final Pattern SOFTWARE_NAME_OR_VERSION =
            Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");

    /** The feature kafka-clients read to choose their transaction protocol. */
    public static final String TRANSACTION_VERSION_FEATURE = "transaction.version";
    /** The level Runnel finalizes: explicit AddPartitionsToTxn, verified writes (KIP-890 part 1). */
    public static final short TRANSACTION_VERSION = 1;

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
        return new ApiVersionsResponse().errorCode(error.code()).apiKeys(apiVersions)
                .supportedFeatures(List.of(new ApiVersionsResponse.SupportedFeatureKey()
                        .name(TRANSACTION_VERSION_FEATURE).minVersion((short) 0).maxVersion(TRANSACTION_VERSION)))
                .finalizedFeaturesEpoch(0)
                .finalizedFeatures(List.of(new ApiVersionsResponse.FinalizedFeatureKey()
                        .name(TRANSACTION_VERSION_FEATURE).minVersionLevel(TRANSACTION_VERSION)
                        .maxVersionLevel(TRANSACTION_VERSION)));
    }

    private static boolean validSoftware(String value) {
        return value != null && SOFTWARE_NAME_OR_VERSION.matcher(value).matches();
    }
}
