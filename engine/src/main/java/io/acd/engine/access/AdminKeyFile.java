package io.acd.engine.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The admin key's file: secure by default, a node whose file does not exist creates a key and writes it there,
 * readable by its owner only; a file that exists holds the admin key, so that all nodes of a cluster can be
 * given the same one. The key alone on one line, so that {@code $(cat admin.key)} is the key.
 */
public final class AdminKeyFile {

    /**
     * @param created true when this node made the key, false when the file already held it
     */
    public record AdminKey(Path file, String key, boolean created) {
    }

    private AdminKeyFile() {
    }

    public static AdminKey provision(Path file) throws IOException {
        if (Files.exists(file)) {
            return new AdminKey(file, read(file), false);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String key = ApiKeys.generate();
        // A temporary file is readable and writable by its owner only, and the link below keeps that.
        Path draft = Files.createTempFile(dir, ".admin-key", ".tmp");
        try {
            Files.writeString(draft, key + "\n", StandardCharsets.UTF_8);
            // A link fails if the name exists, so of two nodes sharing the file only one key is ever written,
            // and a reader never sees the file half written.
            Files.createLink(file, draft);
            return new AdminKey(file, key, true);
        } catch (FileAlreadyExistsException e) {
            return new AdminKey(file, read(file), false);
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    private static String read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String key = lines.isEmpty() ? "" : lines.get(0).trim();
        if (!ApiKeys.isWellFormed(key)) {
            throw new IOException("The admin key file " + file + " does not hold a key (acd_ and 43 characters):"
                    + " fix it, or delete it and a new key is created");
        }
        return key;
    }
}
