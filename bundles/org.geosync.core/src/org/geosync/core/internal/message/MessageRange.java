package org.geosync.core.internal.message;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.sync.ApplyOrder;

/**
 * The generations one dataset's records cover in a message. A data change message carries, per dataset, the sender's
 * generations (from, to] — in the header's replica datasets as {@code sibMyGeneration} (from) and {@code myGeneration}
 * (to) — and every record the generation of its row's last change. The importer accepts exactly the next
 * range against its {@code sibGeneration}: a range it already has is refused as already imported, a range
 * starting after it is refused naming the missing generation, and an overlapping re-export applies only
 * the records newer than what it received. An acknowledgment carries the importer's {@code sibGeneration}
 * per dataset. The ranges are chosen by {@link MessageExport} and checked by {@link MessageImport}.
 */
record MessageRange(String dataset, long from, long to) {

    /** Puts the ranges in {@link ApplyOrder}: origins before destinations, relationship tables last. */
    static void inApplyOrder(Geodatabase g, List<MessageRange> ranges) throws GeodatabaseException {
        Map<String, MessageRange> byDataset = new LinkedHashMap<>();
        ranges.forEach(x -> byDataset.put(x.dataset(), x));
        ranges.clear();
        ranges.addAll(ApplyOrder.sorted(g, byDataset).values());
    }
}
