package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A geodatabase is a Derby database in a directory with an identity that survives reopening. */
class GeodatabaseTest {

    @TempDir
    Path tmp;

    @Test
    void createdGeodatabaseReopensWithItsGuid() throws Exception {
        Path dir = tmp.resolve("parent");
        String guid;
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            guid = gdb.guid();
            assertEquals(36, guid.length());
        }
        assertTrue(Files.isRegularFile(dir.resolve("service.properties")), "Derby files are in the directory");
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            assertEquals(guid, gdb.guid());
        }
    }

    @Test
    void openingAPlainDirectoryIsRefusedWithASentence() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("photos"));
        GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Geodatabase.open(dir));
        assertTrue(e.getMessage().contains("is not a geodatabase"), e.getMessage());
        assertTrue(Files.list(dir).findAny().isEmpty(), "nothing was written into the directory");
    }

    @Test
    void creatingInANonEmptyDirectoryIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("busy"));
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Geodatabase.create(dir));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("keep me", Files.readString(dir.resolve("notes.txt")));
    }
}
