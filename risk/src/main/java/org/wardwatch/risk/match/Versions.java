package org.wardwatch.risk.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares the version strings medical device makers write ("12.2.8.410", "B.06.18", "4.20 SR1",
 * "1.1.3 Build 10", "BT06", "2023.3_Build_9342", "012U000040"), where no single scheme applies.
 *
 * <p>A version is split into tokens: runs of digits and runs of letters; every other character
 * (dot, dash, underscore, space, plus) only separates. Tokens compare pairwise: numbers numerically
 * (leading zeros ignored), words case-insensitively by alphabet, a number above a word at the same
 * position. When one version runs out of tokens, it is equal to the other if everything left there
 * is zero ({@code 1.0 == 1.0.0}), otherwise it is lower ({@code 1.0 < 1.0.1}, {@code 4.20 < 4.20 SR1}).
 * Leading words that only say "this is a version" (v, ver, version, rev, release, firmware, fw, sw)
 * are dropped first. This is deliberately simple and documented in docs/risk.md; it is wrong for
 * pre-release tags ({@code 1.0 beta} sorts above {@code 1.0}), which device advisories rarely use.
 */
public final class Versions {
    private Versions() {
    }

    /** Tokens of a version: {@code Long} for digit runs (capped at 18 digits), lower-case {@code String} for letter runs. */
    public static List<Object> tokens(String version) {
        String v = strip(version);
        List<Object> out = new ArrayList<>();
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (Character.isDigit(c)) {
                int j = i;
                while (j < v.length() && Character.isDigit(v.charAt(j))) {
                    j++;
                }
                String digits = v.substring(i, j).replaceFirst("^0+(?=\\d)", "");
                out.add(digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits));
                i = j;
            } else if (Character.isLetter(c)) {
                int j = i;
                while (j < v.length() && Character.isLetter(v.charAt(j))) {
                    j++;
                }
                out.add(v.substring(i, j).toLowerCase(Locale.ROOT));
                i = j;
            } else {
                i++;
            }
            if (out.size() > 64) {
                break;
            }
        }
        return out;
    }

    /** Removes a leading "v"/"version"/"rev"/"firmware"… word. */
    public static String strip(String version) {
        String v = version == null ? "" : version.strip();
        return v.replaceFirst("(?i)^(?:v(?=\\d)|(?:ver|version|rev|revision|release|firmware|fw|sw|software)\\b\\.?\\s*)", "").strip();
    }

    /** True when the text can be compared: it has a digit, or is a one- or two-letter revision ("K", "Rev M"). */
    public static boolean comparable(String version) {
        if (version == null) {
            return false;
        }
        String s = strip(version);
        return s.chars().anyMatch(Character::isDigit) || s.matches("[A-Za-z]{1,2}");
    }

    public static int compare(String a, String b) {
        return compare(tokens(a), tokens(b));
    }

    static int compare(List<Object> x, List<Object> y) {
        int n = Math.max(x.size(), y.size());
        for (int i = 0; i < n; i++) {
            Object a = i < x.size() ? x.get(i) : null;
            Object b = i < y.size() ? y.get(i) : null;
            if (a == null) {
                return restIsZero(y, i) ? 0 : -1;
            }
            if (b == null) {
                return restIsZero(x, i) ? 0 : 1;
            }
            int c = compareToken(a, b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static boolean restIsZero(List<Object> t, int from) {
        for (int i = from; i < t.size(); i++) {
            if (!(t.get(i) instanceof Long l) || l != 0L) {
                return false;
            }
        }
        return true;
    }

    private static int compareToken(Object a, Object b) {
        if (a instanceof Long la && b instanceof Long lb) {
            return Long.compare(la, lb);
        }
        if (a instanceof String sa && b instanceof String sb) {
            return sa.compareTo(sb);
        }
        return a instanceof Long ? 1 : -1;
    }

    /** True when {@code version}'s tokens begin with all of {@code prefix}'s tokens ({@code 12.2.8} starts with {@code 12.2}). */
    public static boolean startsWith(String version, List<Object> prefix) {
        List<Object> t = tokens(version);
        if (t.size() < prefix.size()) {
            // 12 is in 12.x: missing tokens count as zero
            for (int i = 0; i < prefix.size(); i++) {
                Object have = i < t.size() ? t.get(i) : Long.valueOf(0);
                if (compareToken(have, prefix.get(i)) != 0) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (compareToken(t.get(i), prefix.get(i)) != 0) {
                return false;
            }
        }
        return true;
    }
}
