package io.runnel.broker.http;

import io.runnel.broker.thread.AgentRunner;
import io.runnel.broker.thread.TaskAgent;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The two threads the HTTP endpoint works on, so that nothing it does runs on a network thread:
 * {@code runnel-http-metrics} answers scrapes (they read every partition and wait for the group coordinator),
 * {@code runnel-http-console} runs the console's reads (topic and group pages, message browser, search, live tail
 * ticks). Each runs one thing at a time, which bounds what the endpoint can take from produce and fetch to one
 * core's worth at most, and far less given the scans' own budgets; and a long search never delays a scrape.
 */
final class HttpWorkers implements AutoCloseable {
    private final TaskAgent metrics = new TaskAgent("http-metrics");
    private final TaskAgent console = new TaskAgent("http-console");
    private final AgentRunner metricsRunner;
    private final AgentRunner consoleRunner;

    HttpWorkers() {
        metricsRunner = AgentRunner.start(metrics);
        consoleRunner = AgentRunner.start(console);
    }

    /** Runs {@code work} on the metrics thread. */
    <T> CompletableFuture<T> onMetrics(Callable<T> work) {
        return submit(metrics, work);
    }

    /** Runs {@code work} on the console thread. */
    <T> CompletableFuture<T> onConsole(Callable<T> work) {
        return submit(console, work);
    }

    /** The console thread, for timers (the live tail). */
    TaskAgent console() {
        return console;
    }

    private static <T> CompletableFuture<T> submit(TaskAgent agent, Callable<T> work) {
        CompletableFuture<T> out = new CompletableFuture<>();
        try {
            agent.execute(() -> {
                try {
                    out.complete(work.call());
                } catch (Throwable t) {
                    out.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(new ServiceUnavailableException("the broker is stopping"));
        }
        return out;
    }

    @Override
    public void close() {
        metrics.shutdown();
        console.shutdown();
        metricsRunner.close();
        consoleRunner.close();
    }
}
