package io.runnel.cli.topic;

import io.runnel.cli.AdminCommand;
import io.runnel.cli.output.Json;
import io.runnel.cli.output.Table;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.TopicPartition;
import io.runnel.client.admin.ConfigValue;
import io.runnel.client.admin.PartitionDescription;
import io.runnel.client.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code runnel topics describe NAME}: the topic's id, the configs that differ from the defaults, and a row per
 * partition with leader, replicas, earliest and latest offset, record count and size on disk (DescribeLogDirs).
 */
@Command(name = "describe", description = "Show a topic's id, non-default configs and partitions with offsets.")
final class TopicDescribeCommand extends AdminCommand {
    @Parameters(paramLabel = "NAME", description = "The topic's name.")
    String name;

    @Override
    protected int run(RunnelAdmin admin, PrintWriter out) {
        TopicDescription topic = admin.describeTopic(name);
        Map<TopicPartition, Long> sizes = admin.partitionSizes(name);
        Map<String, ConfigValue> changed = new TreeMap<>();
        admin.describeConfigs(name).forEach((key, value) -> {
            if (value.source() != ConfigValue.Source.DEFAULT_CONFIG) {
                changed.put(key, value);
            }
        });
        if (output.json()) {
            out.println(Json.pretty(json(topic, changed, sizes)));
            return 0;
        }
        Table.fields(out, "Topic", topic.name(), "Id", topic.id(), "Partitions", topic.partitions().size(),
                "Internal", topic.internal());
        out.println();
        if (changed.isEmpty()) {
            out.println("Every config has its default value.");
        } else {
            Table configs = new Table("CONFIG", "VALUE", "SOURCE");
            changed.forEach((key, value) -> configs.row(key, shown(value), source(value.source())));
            configs.print(out);
        }
        out.println();
        Table partitions = new Table("PARTITION", "LEADER", "REPLICAS", "ISR", "EARLIEST", "LATEST", "RECORDS",
                "SIZE");
        for (PartitionDescription p : topic.partitions()) {
            partitions.row(p.partition(), p.leader() < 0 ? null : p.leader(), nodes(p.replicas()), nodes(p.isr()),
                    p.earliestOffset(), p.latestOffset(), p.recordCount(),
                    sizes.get(new TopicPartition(name, p.partition())));
        }
        partitions.print(out);
        return 0;
    }

    private static Map<String, Object> json(TopicDescription topic, Map<String, ConfigValue> changed,
                                            Map<TopicPartition, Long> sizes) {
        List<Object> partitions = new ArrayList<>();
        for (PartitionDescription p : topic.partitions()) {
            partitions.add(Json.object("partition", p.partition(), "leader", p.leader(), "replicas", p.replicas(),
                    "isr", p.isr(), "earliest", p.earliestOffset(), "latest", p.latestOffset(),
                    "records", p.recordCount(), "sizeBytes",
                    sizes.get(new TopicPartition(topic.name(), p.partition()))));
        }
        List<Object> configs = new ArrayList<>();
        changed.forEach((key, value) -> configs.add(Json.object("name", key, "value", shown(value),
                "source", source(value.source()))));
        return Json.object("topic", topic.name(), "id", topic.id().toString(), "internal", topic.internal(),
                "configs", configs, "partitions", partitions);
    }

    private static String shown(ConfigValue value) {
        return value.sensitive() ? "(sensitive)" : value.value();
    }

    private static String source(ConfigValue.Source source) {
        return switch (source) {
            case DYNAMIC_TOPIC_CONFIG -> "topic";
            case STATIC_BROKER_CONFIG -> "broker";
            case DYNAMIC_BROKER_CONFIG, DYNAMIC_DEFAULT_BROKER_CONFIG -> "broker-dynamic";
            default -> source.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String nodes(List<Integer> ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(text.length() == 0 ? "" : ",").append(id);
        }
        return text.length() == 0 ? "-" : text.toString();
    }
}
