package io.runnel.broker.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The test-scope text-format parser accepts the format and refuses what breaks it, so metric tests can fail. */
class PrometheusTextTest {

    @Test
    void readsFamiliesLabelsAndValues() {
        PrometheusText text = PrometheusText.parse("""
                # HELP a_total Things.
                # TYPE a_total counter
                a_total{k="v\\"w",z="1"} 3.0
                # TYPE h histogram
                h_bucket{le="+Inf"} 2
                h_count 2
                h_sum 0.5
                # TYPE g gauge
                g NaN
                """);
        assertEquals(3.0, text.value("a_total", "k", "v\"w"));
        assertEquals(Map.of("k", "v\"w", "z", "1"), text.find("a_total").get(0).labels());
        assertEquals(2, text.value("h_count"));
        assertEquals("histogram", text.type("h"));
        assertEquals(true, Double.isNaN(text.value("g")));
    }

    @Test
    void refusesBrokenExpositions() {
        for (String bad : List.of("x 1\n", "# TYPE x gauge\nx 1", "# TYPE x gauge\nx{a=\"1} 2\n",
                "# TYPE x gauge\nx 1\nx 2\n", "# TYPE x gauge\nx{9a=\"1\"} 2\n", "# TYPE x gauge\nx one\n",
                "# TYPE x gauge\n\nx 1\n", "# TYPE x counter\nx_bucket 1\n")) {
            assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(bad), bad);
        }
    }
}
