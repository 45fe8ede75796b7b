package io.runnel.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.runnel.cli.CliRun.against;
import static io.runnel.cli.CliRun.run;
import static io.runnel.cli.JsonParser.list;
import static io.runnel.cli.JsonParser.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code runnel cluster} and {@code runnel api-versions} against the extension's broker. */
class ClusterCommandsIT extends BrokerIT {
    @Test
    void clusterPrintsItsIdAndBrokersAndWithVerboseTheirApiVersions() {
        String first = bootstrap.split(",")[0];
        int port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
        Map<String, Object> json = object(run(against(bootstrap, "cluster", "-o", "json")).json());
        assertNotNull(json.get("clusterId"));
        List<Object> brokers = list(json.get("brokers"));
        assertTrue(brokers.stream().anyMatch(b -> ((Long) object(b).get("port")) == port), json.toString());
        assertFalse(object(brokers.get(0)).containsKey("apiVersions"));

        CliRun table = run(against(bootstrap, "cluster"));
        assertEquals(0, table.exit(), table.toString());
        assertEquals("Cluster id: " + json.get("clusterId"), table.lines().get(0));
        assertTrue(table.lines().stream().anyMatch(l -> l.matches("\\s*\\d+\\s+\\S+\\s+" + port)), table.toString());

        CliRun verbose = run(against(bootstrap, "cluster", "--verbose", "-o", "json"));
        assertEquals(0, verbose.exit(), verbose.toString());
        List<Object> apis = list(object(list(object(verbose.json()).get("brokers")).get(0)).get("apiVersions"));
        assertTrue(apis.stream().map(JsonParser::object)
                .anyMatch(a -> a.get("api").equals("Metadata") && a.get("key").equals(3L)), apis.toString());
    }

    @Test
    void apiVersionsListsEveryApiOfTheBrokerWithItsRange() {
        CliRun table = run(against(bootstrap, "api-versions"));
        assertEquals(0, table.exit(), table.toString());
        assertEquals(List.of("API", "KEY", "VERSIONS"), List.of(table.lines().get(0).split("\\s+")));
        Map<String, Object> json = object(run(against(bootstrap, "api-versions", "-o", "json")).json());
        List<Object> apis = list(json.get("apis"));
        assertEquals(table.lines().size() - 1, apis.size());
        for (Object api : apis) {
            Map<String, Object> a = object(api);
            String row = a.get("api") + "\\s+" + a.get("key") + "\\s+" + a.get("min") + "-" + a.get("max");
            assertTrue(table.lines().stream().anyMatch(l -> l.matches(row)), row + " in\n" + table.out());
            assertTrue((Long) a.get("min") <= (Long) a.get("max"), a.toString());
        }
        assertTrue(apis.stream().anyMatch(a -> object(a).get("api").equals("ApiVersions")), apis.toString());
    }
}
