package org.geosync.ui.wizards;

import java.util.List;
import java.util.Locale;

import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.ReplicaRules;
import org.geosync.model.SpatialRelation;
import org.geosync.ui.catalog.DatasetNode;
import org.geosync.ui.internal.UiTexts;
import org.locationtech.jts.geom.Envelope;

/**
 * Create Replica, page 3: the replica area (none, an extent or WKT, with its EPSG code) and spatial
 * relation, per-dataset definition queries (checked live by the engine's own rule) and schema only,
 * and related data.
 */
final class FiltersPage extends WizardPage {

    /** How the replica area is given. */
    static final String AREA_NONE = UiTexts.Filters_areaNone;
    static final String AREA_EXTENT = UiTexts.Filters_areaExtent;
    static final String AREA_WKT = UiTexts.Filters_areaWkt;
    private static final SpatialRelation[] RELATIONS = { SpatialRelation.INTERSECTS, SpatialRelation.WITHIN, SpatialRelation.CONTAINS };

    private final CreateReplicaWizard wizard;
    private Combo areaKind;
    private Text minX;
    private Text minY;
    private Text maxX;
    private Text maxY;
    private Text wkt;
    private Text epsg;
    private Combo relation;
    private Button fromMap;
    private DatasetFilterEditor rows;
    private Button related;

    FiltersPage(CreateReplicaWizard wizard) {
        super("filters");
        this.wizard = wizard;
        setTitle(UiTexts.Filters_title);
        setDescription(UiTexts.Filters_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(1, false));

        Group area = new Group(body, SWT.NONE);
        area.setText(UiTexts.Filters_areaGroup);
        area.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        area.setLayout(new GridLayout(4, false));
        new Label(area, SWT.NONE).setText(UiTexts.Filters_area);
        areaKind = new Combo(area, SWT.READ_ONLY);
        areaKind.setItems(AREA_NONE, AREA_EXTENT, AREA_WKT);
        areaKind.select(0);
        areaKind.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        minX = labelled(area, UiTexts.Filters_minX);
        minY = labelled(area, UiTexts.Filters_minY);
        maxX = labelled(area, UiTexts.Filters_maxX);
        maxY = labelled(area, UiTexts.Filters_maxY);
        Label wktLabel = new Label(area, SWT.NONE);
        wktLabel.setText(UiTexts.Filters_wktLabel);
        wktLabel.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        wkt = new Text(area, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        GridData wktData = new GridData(SWT.FILL, SWT.FILL, true, false, 3, 1);
        wktData.heightHint = 48;
        wktData.widthHint = 420;
        wkt.setLayoutData(wktData);
        epsg = labelled(area, UiTexts.Filters_epsg);
        new Label(area, SWT.NONE).setText(UiTexts.Filters_relation);
        relation = new Combo(area, SWT.READ_ONLY);
        for (SpatialRelation r : RELATIONS) {
            relation.add(r.getLiteral());
        }
        relation.select(0);
        fromMap = new Button(area, SWT.PUSH);
        fromMap.setText(UiTexts.Filters_fromMap);
        fromMap.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 4, 1));
        fromMap.addListener(SWT.Selection, e -> useDrawnArea());

        rows = new DatasetFilterEditor(body, false, wizard::validateAll);

        related = new Button(body, SWT.CHECK);
        related.setText(UiTexts.Filters_related);

        areaKind.addListener(SWT.Selection, e -> wizard.validateAll());
        for (Text t : new Text[] { minX, minY, maxX, maxY, wkt, epsg }) {
            t.addModifyListener(e -> wizard.validateAll());
        }
        relation.addListener(SWT.Selection, e -> wizard.validateAll());
        related.addListener(SWT.Selection, e -> wizard.validateAll());
        setControl(body);
        validate();
    }

    private static Text labelled(Composite parent, String label) {
        new Label(parent, SWT.NONE).setText(label);
        Text t = new Text(parent, SWT.BORDER);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.widthHint = 120;
        t.setLayoutData(d);
        return t;
    }

    /** Keeps the dataset list in step with page 1's choice. */
    private void syncDatasets() {
        List<DatasetNode> checked = wizard.datasets();
        rows.show(checked.stream().map(DatasetNode::dataset).toList());
        if (epsg.getText().isEmpty()) {
            checked.stream().filter(d -> d.dataset().isFeatureClass()).findFirst()
                    .ifPresent(d -> epsg.setText(String.valueOf(d.dataset().epsg())));
        }
    }

    private void useDrawnArea() {
        var drawn = wizard.drawnArea();
        if (drawn == null) {
            setErrorMessage(UiTexts.Filters_nothingDrawn);
            return;
        }
        areaKind.select(1);
        Envelope e = drawn.envelope();
        minX.setText(number(e.getMinX()));
        minY.setText(number(e.getMinY()));
        maxX.setText(number(e.getMaxX()));
        maxY.setText(number(e.getMaxY()));
        if (drawn.epsg() > 0) {
            epsg.setText(String.valueOf(drawn.epsg()));
        }
        wizard.validateAll();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.6f", v);
    }

    void validate() {
        syncDatasets();
        String kind = areaKind.getText();
        boolean extent = AREA_EXTENT.equals(kind);
        boolean isWkt = AREA_WKT.equals(kind);
        for (Text t : new Text[] { minX, minY, maxX, maxY }) {
            t.setEnabled(extent);
        }
        wkt.setEnabled(isWkt);
        epsg.setEnabled(extent || isWkt);
        relation.setEnabled(extent || isWkt);
        rows.updateEnablement();
        String problem = areaProblem();
        if (problem == null) {
            problem = rows.problem();
        }
        setErrorMessage(problem);
        setPageComplete(problem == null);
    }

    private String areaProblem() {
        String kind = areaKind.getText();
        if (AREA_NONE.equals(kind)) {
            return null;
        }
        if (AREA_EXTENT.equals(kind)) {
            Double[] v = new Double[4];
            Text[] fields = { minX, minY, maxX, maxY };
            String[] names = { UiTexts.Filters_minXName, UiTexts.Filters_minYName, UiTexts.Filters_maxXName, UiTexts.Filters_maxYName };
            for (int i = 0; i < 4; i++) {
                String s = fields[i].getText().trim();
                if (s.isEmpty()) {
                    return NLS.bind(UiTexts.Filters_enterExtent, names[i]);
                }
                try {
                    v[i] = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return NLS.bind(UiTexts.Filters_notNumber, names[i], s);
                }
            }
            // an extent typed or drawn on the Map Preview is an area like any other: the engine's rules decide
            String problem = ReplicaRules.extentProblem(v[0], v[1], v[2], v[3]);
            if (problem == null) {
                problem = ReplicaRules.areaProblem(areaWkt());
            }
            if (problem != null) {
                return problem;
            }
        } else {
            String text = wkt.getText().trim();
            if (text.isEmpty()) {
                return UiTexts.Filters_enterWkt;
            }
            String problem = ReplicaRules.areaProblem(text);
            if (problem != null) {
                return problem;
            }
        }
        String code = epsg.getText().trim();
        if (code.isEmpty()) {
            return UiTexts.Filters_enterEpsg;
        }
        int value;
        try {
            value = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return NLS.bind(UiTexts.Filters_epsgNotNumber, code);
        }
        String unknown = ReplicaRules.epsgProblem(value);
        if (unknown != null) {
            return unknown;
        }
        return ReplicaRules.areaScopeProblem(wizard.datasets().stream()
                .anyMatch(d -> d.dataset().isFeatureClass() && !rows.schemaOnly(d.dataset().name())));
    }

    /** The area as WKT, or null for none. */
    String areaWkt() {
        String kind = areaKind.getText();
        if (AREA_EXTENT.equals(kind)) {
            try {
                return ReplicaRules.extentArea(Double.parseDouble(minX.getText().trim()), Double.parseDouble(minY.getText().trim()),
                        Double.parseDouble(maxX.getText().trim()), Double.parseDouble(maxY.getText().trim()));
            } catch (NumberFormatException e) {
                return null; // never reached with the page complete: areaProblem refuses it first
            }
        }
        return AREA_WKT.equals(kind) ? wkt.getText().trim() : null;
    }

    int areaEpsg() {
        return areaWkt() == null ? 0 : Integer.parseInt(epsg.getText().trim());
    }

    SpatialRelation relation() {
        return RELATIONS[Math.max(relation.getSelectionIndex(), 0)];
    }

    /** The definition query of a dataset, or null. */
    String query(String datasetName) {
        return rows.query(datasetName);
    }

    boolean schemaOnly(String datasetName) {
        return rows.schemaOnly(datasetName);
    }

    boolean related() {
        return related.getSelection();
    }

    /** A sentence per filter for the summary. */
    String areaSummary() {
        String a = areaWkt();
        return a == null ? UiTexts.Filters_noArea
                : NLS.bind(UiTexts.Filters_areaSummary, new Object[] { relation().getLiteral(), a, areaEpsg() });
    }
}
