package io.runnel.benchmarks;

import io.runnel.junit.RunnelBootstrap;
import io.runnel.junit.RunnelBrokerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Start-up time of {@link RunnelBrokerExtension}: from a test class's {@code beforeAll} to the moment its bootstrap
 * address can be injected (its broker listening). Each run is a fresh JVM that runs two test classes through the
 * JUnit launcher: the first class's figure is the cold start every test run pays once (the broker's classes load
 * and initialise), the second's the warm start of every later class. Printed, never asserted.
 *
 * <p>Usage: {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar io.runnel.benchmarks.ExtensionStartupMain [runs]}
 * (default 5 runs; the child JVMs get this JVM's options). Prints each run and the medians.
 */
public final class ExtensionStartupMain {
    private static final String CHILD_FLAG = "--one-jvm";
    private static final String RESULT_PREFIX = "extension-startup-ms ";
    private static final long CHILD_TIMEOUT_SECONDS = 180;
    private static final Map<Class<?>, Long> BEFORE_ALL_NANOS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Long> INJECTED_NANOS = new ConcurrentHashMap<>();

    private ExtensionStartupMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CHILD_FLAG)) {
            measureInThisJvm();
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            double[] figures = runChildJvm();
            cold.add(figures[0]);
            warm.add(figures[1]);
            System.out.printf("run %d: first class (cold JVM) %.1f ms, second class (warm) %.1f ms%n",
                    run, figures[0], figures[1]);
        }
        System.out.printf("median of %d runs: first class %.1f ms, second class %.1f ms%n",
                runs, median(cold), median(warm));
    }

    private static double[] runChildJvm() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExtensionStartupMain.class.getName());
        command.add(CHILD_FLAG);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.startsWith(RESULT_PREFIX)) {
                    result = line.substring(RESULT_PREFIX.length());
                }
            }
        } finally {
            if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
            }
        }
        if (child.exitValue() != 0 || result == null) {
            throw new IllegalStateException("measuring JVM exited with " + child.exitValue() + ":\n"
                    + String.join("\n", output));
        }
        String[] parts = result.split(" ");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }

    private static void measureInThisJvm() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FirstClass.class), selectClass(SecondClass.class))
                .enableImplicitConfigurationParameters(false)
                .configurationParameter("junit.jupiter.testclass.order.default",
                        "org.junit.jupiter.api.ClassOrderer$OrderAnnotation")
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        if (summary.getTestsSucceededCount() != 2 || summary.getTotalFailureCount() != 0) {
            summary.printFailuresTo(new PrintWriter(System.out, true), 20);
            throw new IllegalStateException("the measured test classes did not pass: " + summary.getTestsSucceededCount()
                    + " of 2 succeeded");
        }
        System.out.printf(RESULT_PREFIX + "%.3f %.3f%n", millis(FirstClass.class), millis(SecondClass.class));
    }

    private static double millis(Class<?> testClass) {
        return (INJECTED_NANOS.get(testClass) - BEFORE_ALL_NANOS.get(testClass)) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static void checkListening(String bootstrap) throws IOException {
        int colon = bootstrap.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(bootstrap.substring(0, colon),
                    Integer.parseInt(bootstrap.substring(colon + 1))), 5_000);
        }
    }

    /** Registered before the extension, so its beforeAll runs first and starts the clock. */
    public static final class StartClock implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            BEFORE_ALL_NANOS.put(context.getRequiredTestClass(), System.nanoTime());
        }
    }

    /** A measured test class: its {@code @BeforeAll} stops the clock as soon as the address can be injected. */
    @ExtendWith({StartClock.class, RunnelBrokerExtension.class})
    public abstract static class MeasuredClass {
        @BeforeAll
        static void injected(@RunnelBootstrap String bootstrap, TestInfo info) {
            INJECTED_NANOS.put(info.getTestClass().orElseThrow(), System.nanoTime());
        }

        @Test
        void brokerListens(@RunnelBootstrap String bootstrap) throws IOException {
            checkListening(bootstrap);
        }
    }

    /** The first class of a JVM: a cold start. */
    @Order(1)
    public static final class FirstClass extends MeasuredClass {
    }

    /** A later class: the JVM has loaded and initialised the broker once already. */
    @Order(2)
    public static final class SecondClass extends MeasuredClass {
    }
}
