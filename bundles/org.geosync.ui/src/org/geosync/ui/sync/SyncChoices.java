package org.geosync.ui.sync;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.osgi.util.NLS;
import org.geosync.core.SyncOptions.Direction;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.model.OneWayDirection;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaRole;
import org.geosync.model.ReplicaType;
import org.geosync.ui.internal.UiTexts;

/**
 * What the Synchronize Changes wizard offers for one replica, seen from "this" geodatabase (the one whose
 * replica record was chosen; it is the engine's first side) towards its relative (the second side).
 */
public final class SyncChoices {

    private SyncChoices() {
    }

    /** The directions the replica type allows (checkout: child to parent; one-way: its direction; two-way: any). */
    public static List<Direction> allowedDirections(Replica here) {
        boolean parentHere = here.getRole() == ReplicaRole.PARENT;
        List<Direction> out = new ArrayList<>();
        if (here.getType() == ReplicaType.TWO_WAY) {
            out.add(Direction.BOTH);
            out.add(Direction.FIRST_TO_SECOND);
            out.add(Direction.SECOND_TO_FIRST);
        } else {
            boolean fromParent = here.getType() == ReplicaType.ONE_WAY && here.getOneWayDirection() == OneWayDirection.PARENT_TO_CHILD;
            out.add(fromParent == parentHere ? Direction.FIRST_TO_SECOND : Direction.SECOND_TO_FIRST);
        }
        return out;
    }

    /** Why only some directions are offered, in a sentence, or null for a two-way replica. */
    public static String directionNote(Replica here) {
        return switch (here.getType()) {
            case CHECKOUT -> UiTexts.Sync_checkoutNote;
            case ONE_WAY -> here.getOneWayDirection() == OneWayDirection.PARENT_TO_CHILD ? UiTexts.Sync_oneWayFromParentNote
                    : UiTexts.Sync_oneWayFromChildNote;
            case TWO_WAY -> null;
        };
    }

    /** "parent" or "child": the role of this side, for labels. */
    public static String roleHere(Replica here) {
        return here.getRole().getLiteral();
    }

    /** The role of the relative side, for labels. */
    public static String roleThere(Replica here) {
        return here.getRole() == ReplicaRole.PARENT ? "child" : "parent";
    }

    /** A direction in the administrator's words. */
    public static String label(Direction d, Replica here) {
        return switch (d) {
            case BOTH -> UiTexts.Sync_both;
            case FIRST_TO_SECOND -> NLS.bind(UiTexts.Sync_fromHere, roleHere(here), roleThere(here));
            case SECOND_TO_FIRST -> NLS.bind(UiTexts.Sync_fromRelative, roleThere(here), roleHere(here));
        };
    }
}
