package org.geosync.ui.testing;

import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/** A tree; items are addressed by their path of labels. */
public class BotTree {

    private final Tree tree;

    public BotTree(Tree tree) {
        this.tree = tree;
    }

    /** Expands every item along the path, waiting for lazily created children. */
    public BotTree expand(String... path) {
        expandItem(item(path));
        return this;
    }

    /** Selects the item at the path and fires the selection event, as a click would. */
    public BotTree select(String... path) {
        TreeItem item = item(path);
        UI.run(() -> {
            tree.setSelection(item);
            Event e = new Event();
            e.item = item;
            tree.notifyListeners(SWT.Selection, e);
        });
        return this;
    }

    /** Selects the items at the paths together (a multi-selection, as Ctrl+click makes) and fires the selection event. */
    public BotTree selectMany(String[]... paths) {
        TreeItem[] items = Arrays.stream(paths).map(this::item).toArray(TreeItem[]::new);
        UI.run(() -> {
            tree.setSelection(items);
            Event e = new Event();
            e.item = items[items.length - 1];
            tree.notifyListeners(SWT.Selection, e);
        });
        return this;
    }

    /** Double-clicks the item at the path. */
    public void doubleClick(String... path) {
        TreeItem item = item(path);
        UI.post(() -> {
            tree.setSelection(item);
            Event e = new Event();
            e.item = item;
            tree.notifyListeners(SWT.DefaultSelection, e);
        });
    }

    /** Labels of the children at the path (top-level items for an empty path). */
    public String[] items(String... path) {
        if (path.length == 0) {
            return UI.call(() -> Arrays.stream(tree.getItems()).map(TreeItem::getText).toArray(String[]::new));
        }
        TreeItem parent = item(path);
        expandItem(parent);
        return UI.call(() -> Arrays.stream(parent.getItems()).map(TreeItem::getText).toArray(String[]::new));
    }

    /** The item at the path, expanding its ancestors. */
    public TreeItem item(String... path) {
        TreeItem[] current = new TreeItem[1];
        for (int depth = 0; depth < path.length; depth++) {
            String label = path[depth];
            TreeItem parent = current[0];
            Bot.waitUntil(Condition.of("tree item '" + label + "'", () -> UI.call(() -> {
                TreeItem[] children = parent == null ? tree.getItems() : parent.getItems();
                for (TreeItem child : children) {
                    if (label.equals(child.getText())) {
                        current[0] = child;
                        return true;
                    }
                }
                return false;
            })));
            if (depth < path.length - 1) {
                expandItem(current[0]);
            }
        }
        return current[0];
    }

    /** The SWT tree. */
    public Tree widget() {
        return tree;
    }

    /** Expands an item as a click on its arrow would, and waits until lazily created children are real. */
    private void expandItem(TreeItem item) {
        UI.run(() -> {
            if (!item.getExpanded()) {
                Event e = new Event();
                e.item = item;
                tree.notifyListeners(SWT.Expand, e);
                item.setExpanded(true);
            }
        });
        Bot.waitUntil(Condition.of("children of '" + UI.call(item::getText) + "'", () -> UI.call(
                () -> Arrays.stream(item.getItems()).noneMatch(child -> child.getText().isEmpty()))));
    }
}
