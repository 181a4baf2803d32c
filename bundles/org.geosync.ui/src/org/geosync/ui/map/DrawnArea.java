package org.geosync.ui.map;

import org.locationtech.jts.geom.Envelope;

/** A rectangle the administrator dragged on the Map Preview, in the coordinates (EPSG code; 0 unknown) of the features shown. */
public record DrawnArea(Envelope envelope, int epsg) {
}
