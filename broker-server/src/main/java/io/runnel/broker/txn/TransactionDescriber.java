package io.runnel.broker.txn;

import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.DescribeTransactionsResponse;
import io.runnel.protocol.message.DescribeTransactionsResponse.TopicData;
import io.runnel.protocol.message.ListTransactionsRequest;
import io.runnel.protocol.message.ListTransactionsResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * DescribeTransactions and ListTransactions ({@code kafka-transactions describe / list}): the state in force of each
 * transactional id (while a change is being written, the one before it), as Kafka reports it.
 *
 * <p>Thread rule: the coordinator thread only.
 */
final class TransactionDescriber {
    private final TransactionContext ctx;

    TransactionDescriber(TransactionContext ctx) {
        this.ctx = ctx;
    }

    DescribeTransactionsResponse.TransactionState describe(String transactionalId) {
        DescribeTransactionsResponse.TransactionState answer = new DescribeTransactionsResponse.TransactionState()
                .transactionalId(transactionalId).topics(new ArrayList<>());
        if (transactionalId == null || transactionalId.isEmpty()) {
            return answer.errorCode(ErrorCode.INVALID_REQUEST.code());
        }
        TransactionMetadata txn = ctx.get(transactionalId);
        if (txn == null || txn.epoch() < 0 || txn.state() == TransactionState.DEAD) {
            return answer.errorCode(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND.code());
        }
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : txn.partitions()) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        byTopic.forEach((topic, partitions) -> answer.topics().add(new TopicData().topic(topic)
                .partitions(partitions)));
        return answer.errorCode(ErrorCode.NONE.code())
                .transactionState(txn.state().kafkaName())
                .transactionTimeoutMs(txn.timeoutMs())
                .transactionStartTimeMs(txn.startMs())
                .producerId(txn.producerId())
                .producerEpoch(txn.epoch());
    }

    /** ListTransactions: v1 adds the duration filter, v2 the transactional id pattern (a Java regex). */
    ListTransactionsResponse list(ListTransactionsRequest request, short version) {
        ListTransactionsResponse answer = new ListTransactionsResponse().errorCode(ErrorCode.NONE.code())
                .unknownStateFilters(new ArrayList<>()).transactionStates(new ArrayList<>());
        Set<TransactionState> states = new HashSet<>();
        for (String name : request.stateFilters()) {
            TransactionState state = TransactionState.fromKafkaName(name);
            if (state == null) {
                answer.unknownStateFilters().add(name);
            } else {
                states.add(state);
            }
        }
        Set<Long> producerIds = new HashSet<>(request.producerIdFilters());
        long duration = version >= 1 ? request.durationFilter() : -1;
        Pattern pattern = null;
        String regex = version >= 2 ? request.transactionalIdPattern() : null;
        if (regex != null && !regex.isEmpty()) {
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                return answer.errorCode(ErrorCode.INVALID_REGULAR_EXPRESSION.code());
            }
        }
        long now = ctx.nowMs();
        boolean unknownOnly = states.isEmpty() && !answer.unknownStateFilters().isEmpty();
        for (TransactionMetadata txn : ctx.all()) {
            if (txn.epoch() < 0 || txn.state() == TransactionState.DEAD || unknownOnly
                    || (!states.isEmpty() && !states.contains(txn.state()))
                    || (!producerIds.isEmpty() && !producerIds.contains(txn.producerId()))
                    || (duration >= 0 && now - txn.startMs() <= duration)
                    || (pattern != null && !pattern.matcher(txn.transactionalId()).matches())) {
                continue;
            }
            answer.transactionStates().add(new ListTransactionsResponse.TransactionState()
                    .transactionalId(txn.transactionalId())
                    .producerId(txn.producerId())
                    .transactionState(txn.state().kafkaName()));
        }
        answer.transactionStates().sort((a, b) -> a.transactionalId().compareTo(b.transactionalId()));
        return answer;
    }
}
