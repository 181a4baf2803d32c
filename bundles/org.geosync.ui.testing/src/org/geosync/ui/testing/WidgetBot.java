package org.geosync.ui.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;

/** Finds widgets inside one composite (a shell, a view, a wizard page), waiting for them to appear. */
public class WidgetBot {

    private final Composite root;

    public WidgetBot(Composite root) {
        this.root = root;
    }

    /** The composite searched. */
    public Composite root() {
        return root;
    }

    /** The text field that follows the label with this text (as in "Name:"). */
    public BotText text(String label) {
        return new BotText(findAfterLabel(label, Text.class));
    }

    /** The n-th text field, counting from 0 in widget order. */
    public BotText text(int index) {
        return new BotText(nth(Text.class, index, "text field"));
    }

    /** The combo that follows the label with this text. */
    public BotCombo combo(String label) {
        return new BotCombo(findAfterLabel(label, Combo.class));
    }

    /** The push button, check box or radio button with this text (mnemonics ignored). */
    public BotButton button(String text) {
        return new BotButton(find(Button.class, b -> text.equals(strip(b.getText())), "button '" + text + "'"));
    }

    /** The first tree. */
    public BotTree tree() {
        return new BotTree(nth(Tree.class, 0, "tree"));
    }

    /** The first table. */
    public BotTable table() {
        return new BotTable(nth(Table.class, 0, "table"));
    }

    /** The label with this text. */
    public Label label(String text) {
        return find(Label.class, l -> text.equals(strip(l.getText())), "label '" + text + "'");
    }

    /** Whether a label or text anywhere below the root contains {@code fragment} (for messages). */
    public boolean containsText(String fragment) {
        return UI.call(() -> all(Control.class).stream().anyMatch(c -> textOf(c).contains(fragment)));
    }

    /** All visible widgets of a type, in widget order. */
    public <T extends Control> List<T> all(Class<T> type) {
        return UI.call(() -> {
            List<T> out = new ArrayList<>();
            collect(root, type, out);
            return out;
        });
    }

    private static <T extends Control> void collect(Control c, Class<T> type, List<T> out) {
        if (c.isDisposed() || !c.isVisible()) {
            return;
        }
        if (type.isInstance(c)) {
            out.add(type.cast(c));
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                collect(child, type, out);
            }
        }
    }

    private <T extends Control> T find(Class<T> type, Predicate<T> match, String what) {
        List<T> hit = new ArrayList<>();
        Bot.waitUntil(Condition.of(what + " in '" + describe() + "'", () -> UI.call(() -> {
            hit.clear();
            all(type).stream().filter(match).findFirst().ifPresent(hit::add);
            return !hit.isEmpty();
        })));
        return hit.get(0);
    }

    private <T extends Control> T nth(Class<T> type, int index, String what) {
        return find(type, new Predicate<T>() {
            private int seen;

            @Override
            public boolean test(T t) {
                return seen++ == index;
            }
        }, what + " #" + index);
    }

    private <T extends Control> T findAfterLabel(String label, Class<T> type) {
        List<T> hit = new ArrayList<>();
        Bot.waitUntil(Condition.of(type.getSimpleName() + " labelled '" + label + "' in '" + describe() + "'",
                () -> UI.call(() -> {
                    hit.clear();
                    List<Control> controls = all(Control.class);
                    for (int i = 0; i < controls.size(); i++) {
                        if (controls.get(i) instanceof Label l && label.equals(strip(l.getText()))) {
                            for (int j = i + 1; j < controls.size(); j++) {
                                if (type.isInstance(controls.get(j))) {
                                    hit.add(type.cast(controls.get(j)));
                                    return true;
                                }
                            }
                        }
                    }
                    return false;
                })));
        return hit.get(0);
    }

    private String describe() {
        return UI.call(() -> root.isDisposed() ? "(disposed)" : root.getShell().getText());
    }

    static String strip(String s) {
        return s == null ? "" : s.replace("&", "");
    }

    private static String textOf(Control c) {
        if (c instanceof Label l) {
            return strip(l.getText());
        }
        if (c instanceof Text t) {
            return t.getText();
        }
        if (c instanceof Button b) {
            return strip(b.getText());
        }
        return "";
    }

    /** Sends a selection event the way a user's click would. */
    static void notify(Control c, int eventType) {
        c.notifyListeners(eventType, new org.eclipse.swt.widgets.Event());
    }

    static final int SELECTION = SWT.Selection;
}
