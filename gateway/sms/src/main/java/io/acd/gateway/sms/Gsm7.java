package io.acd.gateway.sms;

/**
 * Whether a text fits the GSM 7-bit default alphabet (3GPP TS 23.038, with its extension table): then an SMS
 * carries 160 characters, otherwise it must go as UCS-2, 70 characters a part. Kannel is told which
 * ({@code coding}), since it does not choose by itself.
 */
final class Gsm7 {

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private Gsm7() {
    }

    static boolean fits(String text) {
        return text.codePoints().allMatch(c -> c < 0x10000
                && (BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0));
    }
}
