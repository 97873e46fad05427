package org.wardwatch.risk.match;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/** Text folding shared by vendor and product names. */
final class Names {
    private Names() {
    }

    /**
     * Lower case; German umlauts folded (ä→ae, ö→oe, ü→ue, ß→ss: "Dräger" = "Draeger"); other accents
     * removed; UTF-8 text that was decoded as Latin-1 repaired first ("YhtymÃ¤" → "Yhtymä", seen in
     * ICSMA-24-… vendor "Innokas YhtymÃ¤ Oy"); {@code &} read as "and".
     */
    static String fold(String s) {
        if (s == null) {
            return "";
        }
        String t = repairMojibake(s).toLowerCase(Locale.ROOT)
                .replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss").replace("&", " and ");
        t = Normalizer.normalize(t, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return t;
    }

    static String repairMojibake(String s) {
        if (s.indexOf('Ã') < 0 && s.indexOf('Â') < 0) {
            return s;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return s;
            }
        }
        byte[] latin1 = s.getBytes(StandardCharsets.ISO_8859_1);
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(latin1)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return s;
        }
    }
}
