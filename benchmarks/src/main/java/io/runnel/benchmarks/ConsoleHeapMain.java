package io.runnel.benchmarks;

import io.runnel.broker.EmbeddedBroker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The heap an idle broker holds, with the HTTP endpoint off ({@code none}) or on after the console's pages and a
 * scrape have been served ({@code on}): run it once each way, in fresh JVMs, and compare. Prints the heap in use
 * after full collections.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.runnel.benchmarks.ConsoleHeapMain none|on</pre>
 */
public final class ConsoleHeapMain {
    private ConsoleHeapMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean on = args.length > 0 && args[0].equals("on");
        try (EmbeddedBroker broker = EmbeddedBroker.start(Map.of("http.listener", on ? "127.0.0.1:0" : "none"))) {
            broker.broker().logs().createTopic("idle", 3, Map.of());
            if (on) {
                HttpClient http = HttpClient.newHttpClient();
                for (String path : List.of("/", "/console/app.js", "/console/charts.js", "/console/app.css",
                        "/api/v1/broker", "/api/v1/topics", "/api/v1/topics/idle", "/api/v1/topics/idle/messages",
                        "/api/v1/groups", "/metrics")) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(broker.httpUrl() + path))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(path + " answered " + r.statusCode());
                    }
                }
            }
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long used = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(200);
                used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
            }
            System.out.printf("http.listener %s: heap used after GC %.1f MiB%n", on ? "on" : "none",
                    used / 1048576.0);
        }
    }
}
