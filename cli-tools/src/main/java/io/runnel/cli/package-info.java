/**
 * The {@code runnel} CLI's frame: the root command, the options every command shares ({@link
 * io.runnel.cli.ClientOptions}, {@link io.runnel.cli.OutputOption}), and the error contract ({@link
 * io.runnel.cli.ErrorReporter}): exit 0 on success, 1 when the operation failed, 2 on bad usage, one line on stderr
 * per error. Commands print data to picocli's out writer and notes to its err writer, never to {@code System.out},
 * so tests capture both. The CLI uses client-lib only, never broker-server.
 */
package io.runnel.cli;
