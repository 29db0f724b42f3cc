package io.acd.engine.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * API keys: 256 random bits, shown once and stored only as their SHA-256. A key that random cannot be guessed
 * or found from its hash by trying, so a plain hash is enough; a slow password hash would only slow every
 * request down. The key id is the start of the hash: the same key always has the same id, which lets every
 * node of a cluster register the admin key from a shared file without creating it twice.
 */
public final class ApiKeys {

    /** The form {@link #generate} writes; anything else is refused before it is hashed. */
    public static final Pattern FORMAT = Pattern.compile("acd_[A-Za-z0-9_-]{43}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        return "acd_" + random(32);
    }

    /** A random URL-safe token of {@code bytes} random bytes, for keys and desktop tickets. */
    public static String random(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static boolean isWellFormed(String key) {
        return key != null && FORMAT.matcher(key).matches();
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    public static String keyId(String hash) {
        return "key-" + hash.substring(0, 16);
    }
}
