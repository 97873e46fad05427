package org.wardwatch.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Fixed-point text of a double exactly as {@code String.format(Locale.ROOT, "%.Nf", v)} writes it (the
 * double's shortest decimal, rounded half up), without the formatter's parsing of a pattern per call:
 * the score explanations format several numbers for every device.
 */
final class Decimals {
    private Decimals() {
    }

    static String fixed(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.format(Locale.ROOT, "%." + digits + "f", v);
        }
        String s = new BigDecimal(Double.toString(Math.abs(v))).setScale(digits, RoundingMode.HALF_UP).toPlainString();
        return Math.copySign(1.0, v) < 0 ? "-" + s : s;
    }
}
