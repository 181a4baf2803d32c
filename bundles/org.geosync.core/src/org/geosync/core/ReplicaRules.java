package org.geosync.core;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import org.geosync.core.internal.geometry.EpsgRegistry;
import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.storage.Catalog;

/**
 * The rules a replica's filters follow, each in one place: a definition query, a replica area, its EPSG code and an
 * extent. Each method returns {@code null} when the value is acceptable, or the one sentence an administrator can act
 * on. Replica creation and synchronization, the command line, the workbench's wizards and the model's validator
 * ({@code GeosyncConstraints}, through the extension {@code org.geosync.core.filterRules}) all call these methods
 * and show their sentence.
 */
public final class ReplicaRules {

    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "LIKE", "BETWEEN", "IS", "NULL", "TRUE", "FALSE",
            "ESCAPE", "CASE", "WHEN", "THEN", "ELSE", "END", "DATE", "TIMESTAMP");
    private static final Set<String> FUNCTIONS = Set.of("UPPER", "LOWER", "UCASE", "LCASE", "TRIM", "LTRIM", "RTRIM", "LENGTH",
            "SUBSTR", "ABS", "MOD", "COALESCE", "FLOOR", "CEIL", "ROUND", "YEAR", "MONTH", "DAY", "CAST", "CHAR", "VARCHAR", "INTEGER",
            "BIGINT", "DOUBLE");
    private static final String OPERATORS = "=<>!+-*/(),.|";

    private ReplicaRules() {
    }

    /**
     * Why {@code query} cannot be the definition query of dataset {@code d}, or null when it can. A definition query is
     * one condition over the dataset's own fields (and GLOBALID, the same on every replica; never OBJECTID, which each
     * geodatabase numbers on its own, nor the internal envelope and history columns) made of literals, comparison and
     * arithmetic operators, a few SQL keywords and functions. Anything else (another statement, a sub-query, a comment,
     * an unknown name) is refused, so a definition query can never be used for SQL injection.
     */
    public static String definitionQueryProblem(Dataset d, String query) {
        return queryProblem(d.name(), word -> d.field(word) != null, query);
    }

    /**
     * The same rule for a dataset whose fields are not known here (a replica record on its own, as the model's
     * validator sees it): every rule but that a name is one of the dataset's fields.
     */
    public static String definitionQueryProblem(String datasetName, String query) {
        return queryProblem(datasetName, word -> true, query);
    }

    /**
     * Whether definition query {@code query} names field {@code field}: as a name, read as {@link #definitionQueryProblem}
     * reads it (not a word inside quoted text).
     */
    public static boolean namesField(String query, String field) {
        boolean[] named = { false };
        queryProblem("", word -> {
            named[0] |= word.equalsIgnoreCase(field);
            return true;
        }, query);
        return named[0];
    }

    private static String queryProblem(String dataset, Predicate<String> isField, String query) {
        if (query == null || query.isBlank()) {
            return "The definition query of " + dataset + " is empty; write a condition such as STATUS = 'OPEN'.";
        }
        int depth = 0;
        int i = 0;
        int n = query.length();
        while (i < n) {
            char c = query.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        return refusal(dataset, query, "a quoted text is not closed with '");
                    }
                    if (query.charAt(j) == '\'') {
                        if (j + 1 < n && query.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                i = j + 1;
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '.')) {
                    char x = query.charAt(i);
                    if (Character.isLetter(x) && x != 'e' && x != 'E') {
                        return refusal(dataset, query, "'" + x + "' cannot follow a number");
                    }
                    i++;
                }
            } else if (Character.isLetter(c) || c == '"') {
                String word;
                if (c == '"') {
                    int end = query.indexOf('"', i + 1);
                    if (end < 0) {
                        return refusal(dataset, query, "a quoted name is not closed with \"");
                    }
                    word = query.substring(i + 1, end);
                    i = end + 1;
                } else {
                    int j = i;
                    while (j < n && (Character.isLetterOrDigit(query.charAt(j)) || query.charAt(j) == '_')) {
                        j++;
                    }
                    word = query.substring(i, j).toUpperCase(Locale.ROOT);
                    i = j;
                }
                if (word.equals("OBJECTID")) {
                    return refusal(dataset, query, "OBJECTID is numbered by each geodatabase on its own, so it names different rows on each"
                            + " replica (use GLOBALID, the same on every replica, or a field)");
                }
                if (Catalog.SYSTEM_COLUMNS.contains(word) && !word.equals("GLOBALID")) {
                    return refusal(dataset, query, word + " is an internal column of GeoSync, not a field (use the replica area for a spatial filter)");
                } // so of the system columns only GLOBALID reaches the names allowed below
                if (!(KEYWORDS.contains(word) || FUNCTIONS.contains(word) || word.equals("GLOBALID") || isField.test(word))) {
                    return refusal(dataset, query, "'" + UserData.excerpt(word, 60) + "' is neither a field of " + dataset + " nor an allowed SQL word");
                }
            } else if (c == ';') {
                return refusal(dataset, query, "it contains ';', but a definition query is one condition, not statements");
            } else if ((c == '-' || c == '/') && i + 1 < n && query.charAt(i + 1) == (c == '-' ? '-' : '*')) {
                return refusal(dataset, query, "it contains an SQL comment");
            } else if (OPERATORS.indexOf(c) >= 0) {
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth < 0) {
                    return refusal(dataset, query, "a ')' has no matching '('");
                }
                i++;
            } else {
                return refusal(dataset, query, "the character '" + UserData.excerpt(String.valueOf(c), 1) + "' is not allowed");
            }
        }
        if (depth != 0) {
            return refusal(dataset, query, "a '(' is not closed");
        }
        return null;
    }

    private static String refusal(String dataset, String query, String why) {
        return "The definition query \"" + UserData.excerpt(query, 80) + "\" for " + dataset + " is refused: " + why
                + "; write one condition over its fields such as STATUS = 'OPEN' AND LANES > 2.";
    }

    /**
     * Why {@code ds}, one dataset of a new replica, cannot be replicated as given, or null when it can: a schema-only dataset
     * takes no definition query or selection, and a definition query follows {@link #definitionQueryProblem(Dataset, String)}.
     */
    public static String datasetProblem(Dataset d, ReplicaSpec.DatasetSpec ds) {
        boolean where = ds.where() != null && !ds.where().isBlank();
        if (ds.schemaOnly() && (where || ds.selection() != null && !ds.selection().isEmpty())) {
            return d.name() + " is schema only, so it takes no definition query or selection; remove one of them.";
        }
        return where ? definitionQueryProblem(d, ds.where().trim()) : null;
    }

    /**
     * Why {@code spec} cannot make a replica of a geodatabase holding {@code datasets}, or null when it can, by every rule that
     * needs no rows: the name, the direction, each listed dataset ({@link #datasetProblem}), the area, its EPSG code and that it
     * filters a feature class. A client that knows the datasets only from a service's info checks a specification with it before
     * sending; what needs the rows (that a selection names rows that exist, a name no other replica has) is the parent's to say.
     */
    public static String specProblem(ReplicaSpec spec, java.util.List<Dataset> datasets) {
        String problem = ReplicaSpec.nameProblem(spec.name());
        if (problem != null) {
            return problem;
        }
        if (spec.type() != org.geosync.model.ReplicaType.ONE_WAY && spec.direction() != null
                && spec.direction() != org.geosync.model.OneWayDirection.NONE) {
            return "A direction is only for one-way replicas; " + spec.name() + " is " + spec.type().getLiteral() + ".";
        }
        boolean filtersAFeatureClass = false;
        java.util.List<ReplicaSpec.DatasetSpec> wanted = spec.datasets() == null || spec.datasets().isEmpty()
                ? datasets.stream().map(d -> ReplicaSpec.DatasetSpec.all(d.name())).toList() : spec.datasets();
        for (ReplicaSpec.DatasetSpec ds : wanted) {
            Dataset d = datasets.stream().filter(x -> x.name().equalsIgnoreCase(ds.name())).findFirst().orElse(null);
            if (d == null) {
                return "No dataset named " + ds.name() + " to replicate.";
            }
            problem = datasetProblem(d, ds);
            if (problem != null) {
                return problem;
            }
            filtersAFeatureClass |= d.isFeatureClass() && !ds.schemaOnly();
        }
        if (spec.areaWkt() == null || spec.areaWkt().isBlank()) {
            return null;
        }
        problem = areaProblem(spec.areaWkt());
        if (problem == null && spec.areaEpsg() != 0) {
            problem = epsgProblem(spec.areaEpsg());
        }
        return problem != null ? problem : areaScopeProblem(filtersAFeatureClass);
    }

    /**
     * Why {@code wkt} cannot be a replica area, or null when it can: WKT of a valid polygon or multipolygon with finite
     * coordinates, nested at most a few levels deep, for the command line, the workbench's drawn or typed areas, the
     * model's validator, replica creation and synchronization alike.
     */
    public static String areaProblem(String wkt) {
        if (wkt == null || wkt.isBlank()) {
            return "Give the replica area as WKT, e.g. POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0)).";
        }
        try {
            Geometries.area(wkt);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Why a replica area cannot be given, or null when it can: it filters the rows of feature classes, so at least one chosen
     * dataset ({@code filtersAFeatureClass}) must be a feature class that is not schema only.
     */
    public static String areaScopeProblem(boolean filtersAFeatureClass) {
        return filtersAFeatureClass ? null
                : "A replica area filters feature classes, but every chosen dataset is a table or schema only; choose no area or add a"
                        + " feature class.";
    }

    /** Why {@code epsg} cannot be the coordinate system of an area or a feature class, or null when it names one GeoSync knows. */
    public static String epsgProblem(int epsg) {
        return EpsgRegistry.isKnown(epsg) ? null : EpsgRegistry.unknownMessage(epsg);
    }

    /** Why the extent cannot be a replica area, or null when it can: finite numbers with MINX < MAXX and MINY < MAXY. */
    public static String extentProblem(double minX, double minY, double maxX, double maxY) {
        for (double v : new double[] { minX, minY, maxX, maxY }) {
            if (!Double.isFinite(v)) {
                return "The extent " + extentText(minX, minY, maxX, maxY) + " has a coordinate that is not a finite number.";
            }
        }
        if (minX >= maxX || minY >= maxY) {
            return "The extent " + extentText(minX, minY, maxX, maxY) + " is empty: it needs MINX < MAXX and MINY < MAXY.";
        }
        return null;
    }

    /** The extent as the WKT polygon of a replica area (check it with {@link #extentProblem} first). */
    public static String extentArea(double minX, double minY, double maxX, double maxY) {
        String a = Double.toString(minX), b = Double.toString(minY), c = Double.toString(maxX), d = Double.toString(maxY);
        return "POLYGON ((" + a + " " + b + ", " + c + " " + b + ", " + c + " " + d + ", " + a + " " + d + ", " + a + " " + b + "))";
    }

    private static String extentText(double minX, double minY, double maxX, double maxY) {
        return number(minX) + "," + number(minY) + "," + number(maxX) + "," + number(maxY);
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
