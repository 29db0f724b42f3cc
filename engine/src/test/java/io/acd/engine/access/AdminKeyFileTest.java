package io.acd.engine.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminKeyFileTest {

    @Test
    void aMissingFileGetsANewKeyReadableByItsOwnerOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data").resolve("admin.key");
        AdminKeyFile.AdminKey created = AdminKeyFile.provision(file);

        assertTrue(created.created());
        assertTrue(ApiKeys.isWellFormed(created.key()), created.key());
        assertEquals(List.of(created.key()), Files.readAllLines(file), "the key alone on one line");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "no draft left beside it");
        }
    }

    @Test
    void anExistingFileIsTheAdminKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("admin.key");
        String key = ApiKeys.generate();
        Files.writeString(file, key + "\n");

        AdminKeyFile.AdminKey read = AdminKeyFile.provision(file);

        assertFalse(read.created());
        assertEquals(key, read.key());
    }

    @Test
    void aFileWithoutAKeyIsRefusedAndLeftAsItIs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("admin.key");
        Files.writeString(file, "password123\n");

        IOException refused = assertThrows(IOException.class, () -> AdminKeyFile.provision(file));

        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertFalse(refused.getMessage().contains("password123"), "the file's content is not repeated");
        assertEquals("password123\n", Files.readString(file));
    }

    @Test
    void nodesSharingTheFileAllGetTheOneKeyWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("admin.key");
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            Callable<String> start = () -> AdminKeyFile.provision(file).key();
            List<Future<String>> keys = nodes.invokeAll(List.of(start, start, start, start));
            for (Future<String> key : keys) {
                assertEquals(Files.readString(file).trim(), key.get());
            }
        } finally {
            nodes.shutdownNow();
        }
    }
}
