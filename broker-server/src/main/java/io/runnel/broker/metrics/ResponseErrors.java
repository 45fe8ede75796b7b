package io.runnel.broker.metrics;

import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ApiVersionsResponse;
import io.runnel.protocol.message.ConsumerGroupDescribeResponse;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponse;
import io.runnel.protocol.message.CreatePartitionsResponse;
import io.runnel.protocol.message.CreateTopicsResponse;
import io.runnel.protocol.message.DeleteGroupsResponse;
import io.runnel.protocol.message.DeleteTopicsResponse;
import io.runnel.protocol.message.DescribeClusterResponse;
import io.runnel.protocol.message.DescribeConfigsResponse;
import io.runnel.protocol.message.DescribeGroupsResponse;
import io.runnel.protocol.message.FetchResponse;
import io.runnel.protocol.message.FindCoordinatorResponse;
import io.runnel.protocol.message.HeartbeatResponse;
import io.runnel.protocol.message.IncrementalAlterConfigsResponse;
import io.runnel.protocol.message.InitProducerIdResponse;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.LeaveGroupResponse;
import io.runnel.protocol.message.ListGroupsResponse;
import io.runnel.protocol.message.ListOffsetsResponse;
import io.runnel.protocol.message.MetadataResponse;
import io.runnel.protocol.message.OffsetCommitResponse;
import io.runnel.protocol.message.OffsetDeleteResponse;
import io.runnel.protocol.message.OffsetFetchResponse;
import io.runnel.protocol.message.ProduceResponse;
import io.runnel.protocol.message.SaslAuthenticateResponse;
import io.runnel.protocol.message.SaslHandshakeResponse;
import io.runnel.protocol.message.SyncGroupResponse;

/**
 * Counts the error codes a response carries — at the top level and in every topic, partition, group or member
 * entry that has one — into {@link RequestMetrics#error}, as Kafka's per-request error counts do. Walks the
 * generated response classes with indexed loops: nothing is allocated. Responses that the broker lays out by
 * hand (the zero-copy Fetch) count their own errors.
 */
public final class ResponseErrors {
    private ResponseErrors() {
    }

    /** Counts every error code in {@code body}, a response of API {@code api}. */
    public static void count(short api, ApiMessage body, RequestMetrics requests) {
        if (body instanceof ApiVersionsResponse r) {
            requests.error(api, r.errorCode());
        } else if (body instanceof ConsumerGroupDescribeResponse r) {
            if (r.groups() != null) {
                for (int i1 = 0; i1 < r.groups().size(); i1++) {
                    ConsumerGroupDescribeResponse.DescribedGroup e1 = r.groups().get(i1);
                    requests.error(api, e1.errorCode());
                }
            }
        } else if (body instanceof ConsumerGroupHeartbeatResponse r) {
            requests.error(api, r.errorCode());
        } else if (body instanceof CreatePartitionsResponse r) {
            if (r.results() != null) {
                for (int i1 = 0; i1 < r.results().size(); i1++) {
                    CreatePartitionsResponse.CreatePartitionsTopicResult e1 = r.results().get(i1);
                    requests.error(api, e1.errorCode());
                }
            }
        } else if (body instanceof CreateTopicsResponse r) {
            if (r.topics() != null) {
                for (int i1 = 0; i1 < r.topics().size(); i1++) {
                    CreateTopicsResponse.CreatableTopicResult e1 = r.topics().get(i1);
                    requests.error(api, e1.errorCode());
                }
            }
        } else if (body instanceof DeleteGroupsResponse r) {
            if (r.results() != null) {
                for (int i1 = 0; i1 < r.results().size(); i1++) {
                    DeleteGroupsResponse.DeletableGroupResult e1 = r.results().get(i1);
                    requests.error(api, e1.errorCode());
                }
            }
        } else if (body instanceof DeleteTopicsResponse r) {
            if (r.responses() != null) {
                for (int i1 = 0; i1 < r.responses().size(); i1++) {
                    DeleteTopicsResponse.DeletableTopicResult e1 = r.responses().get(i1);
                    requests.error(api, e1.errorCode());
                }
            }
        } else if (body instanceof DescribeClusterResponse r) {
            requests.error(api, r.errorCode());
        } else if (body instanceof DescribeConfigsResponse r) {
            if (r.results() != null) {
                for (int i1 = 0; i1 < r.results().size(); i1++) {
                    DescribeConfigsResponse.DescribeConfigsResult e1 = r.results().get(i1);
                    requests.error(api, e1.errorCode());
                }
            }
        } else if (body instanceof DescribeGroupsResponse r) {
            if (r.groups() != null) {
                for (int i1 = 0; i1 < r.groups().size(); i1++) {
                    DescribeGroupsResponse.DescribedGroup e1 = r.groups().get(i1);
                    requests.error(api, e1.errorCode());
                }
            }
        } else if (body instanceof FetchResponse r) {
            requests.error(api, r.errorCode());
            if (r.responses() != null) {
                for (int i1 = 0; i1 < r.responses().size(); i1++) {
                    FetchResponse.FetchableTopicResponse e1 = r.responses().get(i1);
                    if (e1.partitions() != null) {
                        for (int i2 = 0; i2 < e1.partitions().size(); i2++) {
                            FetchResponse.PartitionData e2 = e1.partitions().get(i2);
                            requests.error(api, e2.errorCode());
                        }
                    }
                }
            }
        } else if (body instanceof FindCoordinatorResponse r) {
            requests.error(api, r.errorCode());
            if (r.coordinators() != null) {
                for (int i1 = 0; i1 < r.coordinators().size(); i1++) {
                    FindCoordinatorResponse.Coordinator e1 = r.coordinators().get(i1);
                    requests.error(api, e1.errorCode());
                }
            }
        } else if (body instanceof HeartbeatResponse r) {
            requests.error(api, r.errorCode());
        } else if (body instanceof IncrementalAlterConfigsResponse r) {
            if (r.responses() != null) {
                for (int i1 = 0; i1 < r.responses().size(); i1++) {
                    IncrementalAlterConfigsResponse.AlterConfigsResourceResponse e1 = r.responses().get(i1);
                    requests.error(api, e1.errorCode());
                }
            }
        } else if (body instanceof InitProducerIdResponse r) {
            requests.error(api, r.errorCode());
        } else if (body instanceof JoinGroupResponse r) {
            requests.error(api, r.errorCode());
        } else if (body instanceof LeaveGroupResponse r) {
            requests.error(api, r.errorCode());
            if (r.members() != null) {
                for (int i1 = 0; i1 < r.members().size(); i1++) {
                    LeaveGroupResponse.MemberResponse e1 = r.members().get(i1);
                    requests.error(api, e1.errorCode());
                }
            }
        } else if (body instanceof ListGroupsResponse r) {
            requests.error(api, r.errorCode());
        } else if (body instanceof ListOffsetsResponse r) {
            if (r.topics() != null) {
                for (int i1 = 0; i1 < r.topics().size(); i1++) {
                    ListOffsetsResponse.ListOffsetsTopicResponse e1 = r.topics().get(i1);
                    if (e1.partitions() != null) {
                        for (int i2 = 0; i2 < e1.partitions().size(); i2++) {
                            ListOffsetsResponse.ListOffsetsPartitionResponse e2 = e1.partitions().get(i2);
                            requests.error(api, e2.errorCode());
                        }
                    }
                }
            }
        } else if (body instanceof MetadataResponse r) {
            if (r.topics() != null) {
                for (int i1 = 0; i1 < r.topics().size(); i1++) {
                    MetadataResponse.MetadataResponseTopic e1 = r.topics().get(i1);
                    requests.error(api, e1.errorCode());
                    if (e1.partitions() != null) {
                        for (int i2 = 0; i2 < e1.partitions().size(); i2++) {
                            MetadataResponse.MetadataResponsePartition e2 = e1.partitions().get(i2);
                            requests.error(api, e2.errorCode());
                        }
                    }
                }
            }
            requests.error(api, r.errorCode());
        } else if (body instanceof OffsetCommitResponse r) {
            if (r.topics() != null) {
                for (int i1 = 0; i1 < r.topics().size(); i1++) {
                    OffsetCommitResponse.OffsetCommitResponseTopic e1 = r.topics().get(i1);
                    if (e1.partitions() != null) {
                        for (int i2 = 0; i2 < e1.partitions().size(); i2++) {
                            OffsetCommitResponse.OffsetCommitResponsePartition e2 = e1.partitions().get(i2);
                            requests.error(api, e2.errorCode());
                        }
                    }
                }
            }
        } else if (body instanceof OffsetDeleteResponse r) {
            requests.error(api, r.errorCode());
            if (r.topics() != null) {
                for (int i1 = 0; i1 < r.topics().size(); i1++) {
                    OffsetDeleteResponse.OffsetDeleteResponseTopic e1 = r.topics().get(i1);
                    if (e1.partitions() != null) {
                        for (int i2 = 0; i2 < e1.partitions().size(); i2++) {
                            OffsetDeleteResponse.OffsetDeleteResponsePartition e2 = e1.partitions().get(i2);
                            requests.error(api, e2.errorCode());
                        }
                    }
                }
            }
        } else if (body instanceof OffsetFetchResponse r) {
            if (r.topics() != null) {
                for (int i1 = 0; i1 < r.topics().size(); i1++) {
                    OffsetFetchResponse.OffsetFetchResponseTopic e1 = r.topics().get(i1);
                    if (e1.partitions() != null) {
                        for (int i2 = 0; i2 < e1.partitions().size(); i2++) {
                            OffsetFetchResponse.OffsetFetchResponsePartition e2 = e1.partitions().get(i2);
                            requests.error(api, e2.errorCode());
                        }
                    }
                }
            }
            requests.error(api, r.errorCode());
            if (r.groups() != null) {
                for (int i1 = 0; i1 < r.groups().size(); i1++) {
                    OffsetFetchResponse.OffsetFetchResponseGroup e1 = r.groups().get(i1);
                    if (e1.topics() != null) {
                        for (int i2 = 0; i2 < e1.topics().size(); i2++) {
                            OffsetFetchResponse.OffsetFetchResponseTopics e2 = e1.topics().get(i2);
                            if (e2.partitions() != null) {
                                for (int i3 = 0; i3 < e2.partitions().size(); i3++) {
                                    OffsetFetchResponse.OffsetFetchResponsePartitions e3 = e2.partitions().get(i3);
                                    requests.error(api, e3.errorCode());
                                }
                            }
                        }
                    }
                    requests.error(api, e1.errorCode());
                }
            }
        } else if (body instanceof ProduceResponse r) {
            if (r.responses() != null) {
                for (int i1 = 0; i1 < r.responses().size(); i1++) {
                    ProduceResponse.TopicProduceResponse e1 = r.responses().get(i1);
                    if (e1.partitionResponses() != null) {
                        for (int i2 = 0; i2 < e1.partitionResponses().size(); i2++) {
                            ProduceResponse.PartitionProduceResponse e2 = e1.partitionResponses().get(i2);
                            requests.error(api, e2.errorCode());
                        }
                    }
                }
            }
        } else if (body instanceof SaslAuthenticateResponse r) {
            requests.error(api, r.errorCode());
        } else if (body instanceof SaslHandshakeResponse r) {
            requests.error(api, r.errorCode());
        } else if (body instanceof SyncGroupResponse r) {
            requests.error(api, r.errorCode());
        }
    }
}
