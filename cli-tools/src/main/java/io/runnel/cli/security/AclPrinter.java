package io.runnel.cli.security;

import io.runnel.cli.output.Json;
import io.runnel.cli.output.Table;
import io.runnel.client.admin.AclEntry;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints ACL entries as a table or as JSON. */
final class AclPrinter {
    private AclPrinter() {
    }

    static void print(List<AclEntry> entries, boolean json, String key, PrintWriter out) {
        if (json) {
            List<Object> list = new ArrayList<>();
            for (AclEntry e : entries) {
                list.add(Json.object("resourceType", e.resourceType().name(), "name", e.resourceName(),
                        "patternType", e.patternType().name(), "principal", e.principal(), "host", e.host(),
                        "operation", e.operation().name(), "permission", e.permission().name()));
            }
            out.println(Json.pretty(Json.object(key, list)));
            return;
        }
        Table table = new Table("PRINCIPAL", "PERMISSION", "OPERATION", "RESOURCE", "NAME", "PATTERN", "HOST");
        for (AclEntry e : entries) {
            table.row(e.principal(), e.permission().name(), e.operation().name(), e.resourceType().name(),
                    e.resourceName(), e.patternType().name(), e.host());
        }
        table.print(out);
    }
}
