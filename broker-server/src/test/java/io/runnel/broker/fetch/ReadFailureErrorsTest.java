package io.runnel.broker.fetch;

import io.runnel.broker.api.ListOffsetsHandler;
import io.runnel.broker.network.Response;
import io.runnel.broker.log.LogFaults;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.LogManagerConfig;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.FetchRequest;
import io.runnel.protocol.message.ListOffsetsRequest;
import io.runnel.protocol.message.ListOffsetsResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.runnel.broker.fetch.FetchTestSupport.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Fetch and ListOffsets tell a log that closed under them (its topic was deleted: UNKNOWN_TOPIC_OR_PARTITION) apart
 * from a read that failed for any other reason, which is a bug and answers UNKNOWN_SERVER_ERROR.
 */
class ReadFailureErrorsTest {
    private static final short FETCH_VERSION = 12;

    @TempDir
    Path dir;
    private LogManager logs;
    private TopicInfo topic;
    private PartitionLog log;

    @BeforeEach
    void open() {
        logs = LogManager.open(LogManagerConfig.defaults(dir).withCleanerEnabled(false));
        topic = logs.createTopic("errors", 1, Map.of("segment.bytes", "1024"));
        log = logs.log(topic.partition(0));
        for (int i = 0; i < 40; i++) {
            append(log, "v" + i, 2, 60, 1_000L + 10 * i);
        }
    }

    @AfterEach
    void close() {
        logs.close();
    }

    private ErrorCode fetchError() {
        FetchRequest request = new FetchRequest().maxBytes(1 << 20).topics(new ArrayList<>(List.of(
                new FetchRequest.FetchTopic().topic(topic.name()).topicId(topic.id()).partitions(new ArrayList<>(
                        List.of(new FetchRequest.FetchPartition().partition(0).fetchOffset(0)
                                .partitionMaxBytes(1 << 20)))))));
        FetchPlan plan = FetchPlan.resolve(request, FETCH_VERSION, logs.registry(), TopicReadAccess.ALL);
        FetchResponseBody body = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new FetchReader(logs)
                .read(plan));
        try {
            return body.read(0).error();
        } finally {
            body.release();
        }
    }

    private short listOffsetsError(long timestamp) {
        ListOffsetsRequest request = new ListOffsetsRequest().topics(new ArrayList<>(List.of(
                new ListOffsetsRequest.ListOffsetsTopic().name(topic.name()).partitions(new ArrayList<>(List.of(
                        new ListOffsetsRequest.ListOffsetsPartition().partitionIndex(0).timestamp(timestamp)
                                .currentLeaderEpoch(-1)))))));
        Response response = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new ListOffsetsHandler(logs)
                .handle(null, request).toCompletableFuture().get(10, TimeUnit.SECONDS));
        ListOffsetsResponse answer = (ListOffsetsResponse) response.body();
        return answer.topics().get(0).partitions().get(0).errorCode();
    }

    @Test
    void aReadOfALogThatClosedUnderItIsAnUnknownPartition() {
        LogFaults.closeAsDeleted(log);
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, fetchError());
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), listOffsetsError(1_000));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), listOffsetsError(-3));
    }

    @Test
    void aReadThatFailsForAnyOtherReasonIsAnUnknownServerError() {
        LogFaults.retireFirstSegmentButKeepItListed(log);
        assertEquals(ErrorCode.UNKNOWN_SERVER_ERROR, fetchError());
        assertEquals(ErrorCode.UNKNOWN_SERVER_ERROR.code(), listOffsetsError(1_000));
    }

    @Test
    void aHealthyLogAnswersWithoutError() {
        assertEquals(ErrorCode.NONE, fetchError());
        assertEquals(ErrorCode.NONE.code(), listOffsetsError(1_000));
    }
}
