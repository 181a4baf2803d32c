package org.geosync.core;

import java.util.List;

/**
 * The outcome of {@link Geodatabase#repairTracking()}: the datasets whose tracking triggers were rebuilt, and a sentence for
 * each dataset that could not be repaired.
 */
public record TrackingRepair(List<String> repaired, List<String> unrepairable) {
}
