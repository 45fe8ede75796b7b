/**
 * How the CLI prints data: aligned text {@link io.runnel.cli.output.Table}s that fit 100 columns, and
 * {@link io.runnel.cli.output.Json} documents whose field names and order are a documented contract
 * (docs/cli.md). Nothing here talks to a broker.
 */
package io.runnel.cli.output;
