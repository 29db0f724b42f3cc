package io.acd.gateway.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * {@code sha256=<hex>}: the HMAC-SHA256 of a body's bytes with a shared secret. It signs the webhooks' POSTs
 * ({@code Acd-Signature}), and checks what channel providers sign the same way ({@code X-Hub-Signature-256}).
 */
public final class Signature {

    private Signature() {
    }

    public static String of(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK has HmacSHA256", e);
        }
    }

    /** Whether {@code given} is the body's signature, compared in constant time. */
    public static boolean matches(String secret, String body, String given) {
        return given != null && java.security.MessageDigest.isEqual(of(secret, body).getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
