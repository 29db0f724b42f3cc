package io.acd.gateway.channel;

import com.typesafe.config.Config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files that come with messages (an e-mail's attachments, its original), kept on disk by their SHA-256
 * rather than in the journal: a transcript's events stay small, however large the files, and the same file
 * sent twice is kept once. A file is written to a temporary name, forced to disk and then moved into place,
 * so a crash leaves either the whole file or none, and the message that names it is stored only after.
 * On a cluster, {@code acd.attachments.dir} must be a directory every node shares (a network volume), so that
 * any node serves what another stored.
 */
public final class Attachments {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    public Attachments(Path dir) {
        this.dir = dir;
    }

    /** {@code acd.attachments.dir}, or {@code attachments} in the node's data directory when it is empty. */
    public static Attachments from(Config config) {
        String dir = config.getString("acd.attachments.dir");
        return new Attachments(dir.isBlank() ? Path.of(config.getString("acd.data-dir"), "attachments") : Path.of(dir));
    }

    /** Stores the bytes; answers their SHA-256, the name they are found by. */
    public String store(byte[] bytes) throws IOException {
        String sha = sha256(bytes);
        Path target = file(sha);
        if (Files.exists(target)) {
            return sha;
        }
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), sha, ".part");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return sha;
    }

    /** The stored file of that SHA-256, if there is one. */
    public Optional<Path> find(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path file = file(sha256);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Two levels of directories by the hash's first characters keep any one directory small. */
    private Path file(String sha) {
        return dir.resolve(sha.substring(0, 2)).resolve(sha);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
