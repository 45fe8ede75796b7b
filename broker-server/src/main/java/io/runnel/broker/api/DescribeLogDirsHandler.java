package io.runnel.broker.api;

import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.security.AclAuthorizer;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.AclResourceType;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DescribeLogDirsRequest;
import io.runnel.protocol.message.DescribeLogDirsResponse;
import io.runnel.protocol.message.DescribeLogDirsResponse.DescribeLogDirsPartition;
import io.runnel.protocol.message.DescribeLogDirsResponse.DescribeLogDirsResult;
import io.runnel.protocol.message.DescribeLogDirsResponse.DescribeLogDirsTopic;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeLogDirs v1-5: the one data directory, with the size of every partition asked for (all of them for a null
 * topic list; partitions that do not exist are left out, as Kafka does), offset lag 0 (no future replicas), and
 * from v4 the total and usable bytes of the volume. Sizes are the segment files' lengths, from memory.
 */
public final class DescribeLogDirsHandler implements ApiHandler {
    private final LogManager logs;
    private final AclAuthorizer authorizer;

    public DescribeLogDirsHandler(LogManager logs) {
        this(logs, AclAuthorizer.disabled());
    }

    /** A handler that answers only principals with DESCRIBE on the cluster, as Kafka's. */
    public DescribeLogDirsHandler(LogManager logs, AclAuthorizer authorizer) {
        this.logs = logs;
        this.authorizer = authorizer;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        DescribeLogDirsRequest request = (DescribeLogDirsRequest) body;
        if (!authorizer.authorizeCluster(context.session(), AclOperation.DESCRIBE)) {
            return CompletableFuture.completedFuture(Response.of(errorResponse(context,
                    ErrorCode.CLUSTER_AUTHORIZATION_FAILED)));
        }
        Map<String, List<Integer>> asked = new TreeMap<>();
        if (request.topics() == null) {
            for (TopicInfo topic : logs.registry().all()) {
                List<Integer> all = new ArrayList<>();
                for (int p = 0; p < topic.partitionCount(); p++) {
                    all.add(p);
                }
                asked.put(topic.name(), all);
            }
        } else {
            for (DescribeLogDirsRequest.DescribableLogDirTopic t : request.topics()) {
                asked.computeIfAbsent(t.topic(), k -> new ArrayList<>()).addAll(t.partitions());
            }
        }
        List<DescribeLogDirsTopic> topics = new ArrayList<>();
        asked.forEach((name, partitions) -> {
            TopicInfo info = logs.registry().get(name);
            List<DescribeLogDirsPartition> sizes = new ArrayList<>();
            for (int p : partitions) {
                PartitionLog log = info == null || p < 0 || p >= info.partitionCount() ? null
                        : logs.log(info.partition(p));
                if (log != null) {
                    sizes.add(new DescribeLogDirsPartition().partitionIndex(p).partitionSize(log.sizeInBytes())
                            .offsetLag(0).isFutureKey(false));
                }
            }
            if (!sizes.isEmpty()) {
                topics.add(new DescribeLogDirsTopic().name(name).partitions(sizes));
            }
        });
        Path dir = logs.config().dataDir().toAbsolutePath();
        DescribeLogDirsResult result = new DescribeLogDirsResult().errorCode(ErrorCode.NONE.code())
                .logDir(dir.toString()).topics(topics);
        try {
            FileStore store = Files.getFileStore(dir);
            result.totalBytes(store.getTotalSpace()).usableBytes(store.getUsableSpace());
        } catch (IOException e) {
            // The volume's figures are optional (-1): the partition sizes still answer the request.
            result.totalBytes(-1).usableBytes(-1);
        }
        return CompletableFuture.completedFuture(Response.of(new DescribeLogDirsResponse()
                .errorCode(ErrorCode.NONE.code()).results(List.of(result))));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new DescribeLogDirsResponse().errorCode(error.code());
    }
}
