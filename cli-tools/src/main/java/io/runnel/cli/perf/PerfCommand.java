package io.runnel.cli.perf;

import picocli.CommandLine.Command;

/** {@code runnel perf}: load generators whose reports compare with Kafka's perf tools. */
@Command(name = "perf", description = "Measure produce and consume throughput and latency.",
        subcommands = {PerfProduceCommand.class, PerfConsumeCommand.class})
public final class PerfCommand {
}
