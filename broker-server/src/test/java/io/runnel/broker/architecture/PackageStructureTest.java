package io.runnel.broker.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package layout is the architecture (docs/architecture.md): dependencies between the broker's packages go one
 * way, and every package states its invariant in a package-info.java. Read from the compiled classes with the JDK's
 * jdeps, so an import that closes a cycle fails the build, not a review.
 */
class PackageStructureTest {
    private static final String ROOT = "io.runnel.broker";
    private static final Path CLASSES = Path.of("target", "classes");
    private static final Path SOURCES = Path.of("src", "main", "java");

    @Test
    void noCyclesBetweenBrokerPackages() {
        Map<String, Set<String>> graph = dependencies();
        assertTrue(graph.size() > 10, "jdeps found only " + graph.keySet());
        List<List<String>> cycles = new ArrayList<>();
        for (List<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
        assertEquals(List.of(), cycles, "package cycles");
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        Set<Path> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> packages.add(p.getParent()));
        }
        assertFalse(packages.isEmpty());
        List<String> missing = new ArrayList<>();
        for (Path dir : packages) {
            if (!Files.exists(dir.resolve("package-info.java"))) {
                missing.add(SOURCES.relativize(dir).toString().replace('/', '.'));
            }
        }
        assertEquals(List.of(), missing, "packages without package-info.java");
    }

    @Test
    void cycleFinderSeesACycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a"));
        graph.put("d", Set.of("a"));
        List<List<String>> components = stronglyConnected(graph);
        assertTrue(components.contains(List.of("a", "b", "c")), components.toString());
    }

    /** Package → packages it uses, both inside the broker, from {@code jdeps -verbose:package}. */
    private static Map<String, Set<String>> dependencies() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() ->
                new IllegalStateException("this JDK has no jdeps tool"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                CLASSES.toString());
        assertEquals(0, rc, "jdeps failed: " + err);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && parts[1].equals("->") && isBroker(parts[0]) && isBroker(parts[2])) {
                graph.computeIfAbsent(parts[0], k -> new TreeSet<>());
                if (!parts[0].equals(parts[2])) {
                    graph.get(parts[0]).add(parts[2]);
                }
            }
        }
        return graph;
    }

    private static boolean isBroker(String pkg) {
        return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".");
    }

    /** Tarjan's strongly connected components, each sorted. */
    private static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> result = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, result, counter);
            }
        }
        return result;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<List<String>> result, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, result, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            component.sort(null);
            result.add(component);
        }
    }
}
