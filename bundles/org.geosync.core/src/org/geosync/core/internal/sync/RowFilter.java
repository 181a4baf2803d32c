package org.geosync.core.internal.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaRules;
import org.geosync.core.functions.SpatialFunctions;
import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.geometry.Reprojection;
import org.geosync.core.internal.storage.Catalog;
import org.geosync.model.ReplicaFilter;
import org.geosync.model.SpatialRelation;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * The rows a replica dataset holds by its own filter: the replica area (reprojected to the dataset's
 * CRS) with its spatial relation, and the definition query. Selection sets are not part of it: they
 * apply at creation only (the replica filter rules). A schema-only dataset's filter matches no row.
 */
final class RowFilter {

    private final Dataset dataset;
    private final boolean schemaOnly;
    private final PreparedGeometry area;
    private final Envelope areaBox;
    private final SpatialRelation relation;
    private final String where;

    private RowFilter(Dataset dataset, boolean schemaOnly, Geometry area, SpatialRelation relation, String where) {
        this.dataset = dataset;
        this.schemaOnly = schemaOnly;
        this.area = area == null ? null : PreparedGeometryFactory.prepare(area);
        this.areaBox = area == null ? null : area.getEnvelopeInternal();
        this.relation = relation == null ? SpatialRelation.INTERSECTS : relation;
        this.where = where;
    }

    /** The filter of {@code spec} (null: all rows) for {@code d}, validated against the database. */
    static RowFilter of(Connection c, Dataset d, ReplicaFilter spec) throws GeodatabaseException {
        if (spec == null) {
            return new RowFilter(d, false, null, null, null);
        }
        Geometry area = null;
        if (spec.getAreaWkt() != null && !spec.getAreaWkt().isBlank() && d.isFeatureClass()) {
            try {
                area = Geometries.area(spec.getAreaWkt());
            } catch (IllegalArgumentException e) {
                throw new GeodatabaseException(e.getMessage(), e);
            }
            try {
                area = Reprojection.transform(area, spec.getAreaEpsg() > 0 ? spec.getAreaEpsg() : d.epsg(), d.epsg());
            } catch (IllegalArgumentException e) {
                throw new GeodatabaseException(e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new GeodatabaseException("The replica area cannot be reprojected from EPSG " + spec.getAreaEpsg() + " to EPSG "
                        + d.epsg() + " for " + d.name() + ": " + e.getMessage(), e);
            }
        }
        String where = null;
        if (spec.getDefinitionQuery() != null && !spec.getDefinitionQuery().isBlank()) {
            where = spec.getDefinitionQuery();
            String problem = ReplicaRules.definitionQueryProblem(d, where);
            if (problem != null) {
                throw new GeodatabaseException(problem);
            }
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + d.name() + " WHERE (" + where + ")")) {
                p.getMetaData();
            } catch (SQLException e) {
                throw new GeodatabaseException("The definition query \"" + org.geosync.core.UserData.excerpt(where, 80) + "\" for " + d.name() + " is not valid SQL for its fields: "
                        + org.geosync.core.UserData.excerpt(e.getMessage().replace('\n', ' '), 300), e);
            }

            // the query is evaluated on the rows as they were too (the kept images, which have the fields and GLOBALID only)
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + Catalog.ancestorTable(d.name()) + " WHERE (" + where + ")")) {
                p.getMetaData();
            } catch (SQLException e) {
                throw new GeodatabaseException("The definition query of " + d.name() + " cannot be evaluated on its rows as they were at the"
                        + " last synchronization, which hold its fields and GLOBALID only; a replica needs a query over its fields such as"
                        + " STATUS = 'OPEN'.", e);
            }
        }
        return new RowFilter(d, spec.isSchemaOnly(), area, spec.getSpatialRelation(), where);
    }

    boolean schemaOnly() {
        return schemaOnly;
    }

    /** Whether the filter looks at rows at all (area or query), beyond all-rows or schema-only. */
    boolean selective() {
        return area != null || where != null;
    }

    /** The envelope of the area in the dataset's CRS, or null without an area. */
    Envelope box() {
        return areaBox;
    }

    String where() {
        return where;
    }

    Dataset dataset() {
        return dataset;
    }

    /** Whether the row (in the given state) belongs to the replica by this dataset's own filter. */
    boolean matches(RowStore store, String gid, RowStore.RowState state) throws SQLException {
        if (!state.exists() || schemaOnly) {
            return false;
        }
        if (area != null && !spatial(state.values())) {
            return false;
        }
        return where == null || store.matches(gid, state, where);
    }

    /** The spatial part on its own, for current rows read in bulk. */
    boolean spatial(Map<String, Object> values) {
        return spatial(values, false);
    }

    /**
     * As {@link #spatial(Map)}; {@code loading}: the row is about to be inserted on this thread, whose envelope columns then
     * take the envelope of the shape read here instead of reading it again ({@link SpatialFunctions#keep}).
     */
    boolean spatial(Map<String, Object> values, boolean loading) {
        if (area == null) {
            return true;
        }
        Object shape = values.get("SHAPE");
        if (!(shape instanceof byte[] wkb)) {
            return false;
        }
        Geometry g = Geometries.fromWkb(wkb);
        if (loading) {
            SpatialFunctions.keep(wkb, g);
        }
        if (!areaBox.intersects(g.getEnvelopeInternal())) {
            return false;
        }
        return switch (relation) {
            case WITHIN -> area.contains(g);
            case CONTAINS -> area.within(g);
            default -> area.intersects(g);
        };
    }
}
