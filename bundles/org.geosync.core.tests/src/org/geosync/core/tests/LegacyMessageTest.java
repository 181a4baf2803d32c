package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.geosync.core.Geodatabase;
import org.geosync.core.MessageHeader;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message whose header names the model's schema types as earlier versions wrote them (the root element
 * {@code geosync:Geodatabase}, datasets of {@code xsi:type} {@code geosync:FeatureClass} and {@code geosync:Table}; see
 * {@code org.geosync.model.tests.LegacyXmiTest} for a header those versions wrote) is read and imported like one this
 * version writes.
 */
class LegacyMessageTest {

    @TempDir
    Path tmp;

    @Test
    void aHeaderWithTheEarlierTypeNamesIsReadAndImported() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                parent.update("parcels", gid(1), Map.of("OWNER", "jones"), null);
                parent.delete("notes", gid(1003));
                Path current = tmp.resolve("current.zip");
                Messages.exportChanges(parent, "r", current, ExportOptions.defaults(), null);

                Map<String, byte[]> entries = MessageZip.read(current);
                String header = new String(entries.get("header.xmi"), StandardCharsets.UTF_8);
                assertTrue(header.contains("<geosync:GeodatabaseSchema ") && header.contains("xsi:type=\"geosync:FeatureClassSchema\"")
                        && header.contains("xsi:type=\"geosync:TableSchema\""), header);
                String earlier = header.replace("geosync:GeodatabaseSchema", "geosync:Geodatabase")
                        .replace("\"geosync:FeatureClassSchema\"", "\"geosync:FeatureClass\"").replace("\"geosync:TableSchema\"", "\"geosync:Table\"");
                assertFalse(earlier.matches("(?s).*geosync:\\w+Schema\\b.*"), earlier);
                entries.put("header.xmi", earlier.getBytes(StandardCharsets.UTF_8));
                MessageZip.sign(entries, MessageZip.key(parent, "r"));
                Path legacy = tmp.resolve("legacy.zip");
                MessageZip.write(legacy, entries);

                MessageHeader h = Messages.readHeader(legacy);
                assertEquals("r", h.replicaName());
                assertEquals(List.of("NOTES", "PARCELS"), h.datasets().stream().sorted().toList());
                Messages.importMessage(child, legacy, ImportOptions.defaults(), null);
                assertEquals("jones", value(child, "parcels", gid(1), "OWNER"));
                assertNull(value(child, "notes", gid(1003), "TEXT"), "the delete arrived");
            }
        }
    }
}
