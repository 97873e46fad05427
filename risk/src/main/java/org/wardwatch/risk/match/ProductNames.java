package org.wardwatch.risk.match;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a device's model with the product names advisories write, which are free text:
 * "IntelliVue patient monitor MX400-MX850", "MiniMed Paradigm 522/722 pumps", "Pulsera (718095) and
 * Endura (718075)", "LOGIQ, not including LOGIQ 100 Pro", "Alaris PC Unit Model 8015".
 *
 * <p>A name is split into alternatives at " and ", " or " and ";" (an alternative that has no identifying
 * word, like "CRT-D" in "Protecta ICD and CRT-D", is dropped); an exclusion after "not including",
 * "excluding" or "except" is kept apart; parenthesized words are optional aliases (part numbers). Each
 * alternative becomes tokens: words with hyphens, dots and underscores squashed ("CRT-D" → "crtd",
 * "MMT-1710" → "mmt1710"); "522/722" and "MX800/700/600" become one token with alternatives (a shorter
 * part replaces the end of the first: mx800, mx700, mx600); "MX400-MX850" and "MP2-MP90" become ranges
 * of model numbers under one letter prefix. Words of the vendor's name and generic words
 * ({@code product-generic-words.txt}) do not identify anything and are dropped.
 *
 * <p>Verdict ({@link Level}): MODEL when every identifying token of the product occurs in the device's
 * model (the device names at least the product), or when every identifying token of the device's model
 * occurs in the product and they share a model number (a token with a digit, 3+ characters);
 * FAMILY when the device's model is only part of the product's name without a shared model number
 * ("Spectrum" for "Sigma Spectrum LVP"); NONE otherwise, and NONE when the device matches the exclusion.
 */
public final class ProductNames {
    /** How well a device model fits a product name. */
    public enum Level { MODEL, FAMILY, NONE }

    /** The verdict and what it rests on. */
    public record Fit(Level level, List<String> matched, List<String> deviceExtra, String alternative, String excludedBy) {
        static final Fit NONE = new Fit(Level.NONE, List.of(), List.of(), null, null);
    }

    /** One token: a word with alternatives, or a numbered range under a letter prefix. */
    record Token(Set<String> words, String rangePrefix, long lo, long hi, String text) {
        static Token word(String w, String text) {
            return new Token(Set.of(w), null, 0, 0, text);
        }

        boolean isRange() {
            return rangePrefix != null;
        }

        boolean hasDigit() {
            if (isRange()) {
                return true;
            }
            for (String w : words) {
                if (w.length() >= 3 && w.chars().anyMatch(Character::isDigit)) {
                    return true;
                }
            }
            return false;
        }

        boolean matches(Token o) {
            if (isRange() && o.isRange()) {
                return rangePrefix.equals(o.rangePrefix) && lo <= o.hi && o.lo <= hi;
            }
            if (isRange()) {
                return o.matches(this);
            }
            if (o.isRange()) {
                for (String w : words) {
                    if (w.startsWith(o.rangePrefix)) {
                        Matcher m = LEADING_NUMBER.matcher(w.substring(o.rangePrefix.length()));
                        if (m.matches() && m.group(1).length() <= 9) {
                            long n = Long.parseLong(m.group(1));
                            if (n >= o.lo && n <= o.hi) {
                                return true;
                            }
                        }
                    }
                }
                return false;
            }
            for (String w : words) {
                if (o.words.contains(w)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A product name parsed into alternatives, optional tokens and an exclusion. */
    record Parsed(List<List<Token>> alternatives, List<String> alternativeTexts, List<Token> optional,
                  List<List<Token>> exclusions) {
    }

    private static final Pattern RANGE = Pattern.compile("^([a-z]+)(\\d{1,9})-([a-z]*)(\\d{1,9})$");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)[a-z]{0,2}$");
    private static final Pattern EXCLUSION = Pattern.compile("(?i)[,;]?\\s*(?:but\\s+)?(?:not including|excluding|except(?: for)?)\\s+(.+)$");
    private static final Pattern ALT_SPLIT = Pattern.compile("(?i)\\s+and\\s+|\\s+or\\s+|\\s*;\\s*");
    private static final Pattern EMBEDDED_VERSION = Pattern.compile("^v?\\d+(?:\\.\\d+)*(?:\\.x)+$|^v?\\d+(?:\\.\\d+){1,3}$");

    private static final Set<String> GENERIC = loadGeneric();

    private ProductNames() {
    }

    private static Set<String> loadGeneric() {
        try (InputStream in = ProductNames.class.getResourceAsStream("/org/wardwatch/risk/product-generic-words.txt")) {
            if (in == null) {
                throw new IllegalStateException("product-generic-words.txt missing from the classpath");
            }
            Set<String> out = new HashSet<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean generic(String squashedWord) {
        return GENERIC.contains(squashedWord);
    }

    /** A version written inside a product name ("IntelliSpace Portal 8.0.x"), or null. */
    public static String embeddedVersion(String productName) {
        if (productName == null) {
            return null;
        }
        for (String w : productName.split("\\s+")) {
            if (EMBEDDED_VERSION.matcher(w.toLowerCase(java.util.Locale.ROOT)).matches()) {
                return w;
            }
        }
        return null;
    }

    static Parsed parse(String name, List<List<String>> vendorWords) {
        String t = Names.fold(name).replace("w/", " with ");
        List<List<Token>> exclusions = new ArrayList<>();
        Matcher ex = EXCLUSION.matcher(t);
        if (ex.find()) {
            for (String alt : ALT_SPLIT.split(ex.group(1))) {
                List<Token> toks = identifying(tokenize(alt), vendorWords);
                if (!toks.isEmpty()) {
                    exclusions.add(toks);
                }
            }
            t = t.substring(0, ex.start());
        }
        List<Token> optional = new ArrayList<>();
        StringBuilder main = new StringBuilder();
        int depth = 0;
        StringBuilder inner = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '(') {
                depth++;
                inner.append(' ');
            } else if (c == ')' && depth > 0) {
                depth--;
                inner.append(' ');
            } else if (depth > 0) {
                inner.append(c);
            } else {
                main.append(c);
            }
        }
        optional.addAll(tokenize(inner.toString()));
        List<List<Token>> alternatives = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String alt : ALT_SPLIT.split(main.toString())) {
            List<Token> toks = identifying(tokenize(alt), vendorWords);
            if (!toks.isEmpty()) {
                alternatives.add(toks);
                texts.add(alt.strip());
            }
        }
        return new Parsed(alternatives, texts, identifying(optional, vendorWords), exclusions);
    }

    /** Tokens of a device's model (vendor words and generic words removed). */
    static List<Token> deviceTokens(String model, List<List<String>> vendorWords) {
        return identifying(tokenize(Names.fold(model).replace("w/", " with ").replaceAll("[()]", " ")), vendorWords);
    }

    static List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        for (String raw : text.split("[\\s,;:|+\"'!?()\\[\\]{}*#]+")) {
            String r = raw.replaceAll("^[-./_]+|[-./_]+$", "");
            if (r.isEmpty()) {
                continue;
            }
            Matcher m = RANGE.matcher(r);
            if (m.matches() && (m.group(3).isEmpty() || m.group(3).equals(m.group(1)))) {
                long lo = Long.parseLong(m.group(2));
                long hi = Long.parseLong(m.group(4));
                if (lo < hi) {
                    out.add(new Token(Set.of(), m.group(1), lo, hi, r));
                    continue;
                }
            }
            if (r.contains("/")) {
                String[] parts = r.split("/");
                Set<String> alts = new LinkedHashSet<>();
                String first = parts[0];
                for (String p : parts) {
                    if (p.isEmpty()) {
                        continue;
                    }
                    // "MX800/700/600", "865240/41/42", "M8001A/2A": a shorter part that starts with a digit
                    // replaces the end of the first; "PET/CT" are two words
                    boolean carry = p.length() < first.length() && Character.isDigit(p.charAt(0))
                            && first.chars().anyMatch(Character::isDigit);
                    String w = carry ? first.substring(0, first.length() - p.length()) + p : p;
                    alts.add(squash(w));
                }
                alts.remove("");
                if (!alts.isEmpty()) {
                    out.add(new Token(alts, null, 0, 0, r));
                }
                continue;
            }
            String w = squash(r);
            if (!w.isEmpty()) {
                out.add(Token.word(w, r));
            }
        }
        return out;
    }

    private static String squash(String w) {
        return w.replaceAll("[-._]", "");
    }

    /**
     * Drops vendor-name word sequences (longest first) and generic words. When nothing would be left
     * (product "Orthanc" of vendor "Orthanc"), only the generic words are dropped.
     */
    static List<Token> identifying(List<Token> tokens, List<List<String>> vendorWords) {
        List<Token> t = withoutVendor(tokens, vendorWords);
        if (t.isEmpty()) {
            t = new ArrayList<>(tokens);
            t.removeIf(tok -> !tok.isRange() && tok.words().stream().allMatch(GENERIC::contains));
        }
        return t;
    }

    private static List<Token> withoutVendor(List<Token> tokens, List<List<String>> vendorWords) {
        List<Token> t = new ArrayList<>(tokens);
        for (List<String> phrase : vendorWords) {
            if (phrase.isEmpty()) {
                continue;
            }
            for (int i = 0; i + phrase.size() <= t.size(); i++) {
                boolean hit = true;
                for (int j = 0; j < phrase.size(); j++) {
                    Token tok = t.get(i + j);
                    if (tok.isRange() || tok.words().size() != 1 || !tok.words().contains(squash(phrase.get(j)))) {
                        hit = false;
                        break;
                    }
                }
                if (hit) {
                    t.subList(i, i + phrase.size()).clear();
                    i--;
                }
            }
        }
        t.removeIf(tok -> !tok.isRange() && tok.words().stream().allMatch(GENERIC::contains));
        return t;
    }

    /** How well {@code deviceModel} fits {@code productName} (both already stripped of the vendor's words by the caller's word list). */
    public static Fit fit(String deviceModel, String productName, List<List<String>> vendorWords) {
        if (deviceModel == null || productName == null) {
            return Fit.NONE;
        }
        List<Token> d = deviceTokens(deviceModel, vendorWords);
        if (d.isEmpty()) {
            return Fit.NONE;
        }
        Parsed p = parse(productName, vendorWords);
        for (List<Token> excl : p.exclusions()) {
            if (covers(d, excl)) {
                return new Fit(Level.NONE, List.of(), List.of(), null, String.join(" ", text(excl)));
            }
        }
        Fit best = Fit.NONE;
        for (int i = 0; i < p.alternatives().size(); i++) {
            List<Token> alt = p.alternatives().get(i);
            Fit f = fitOne(d, alt, p.optional(), p.alternativeTexts().get(i));
            if (f.level().ordinal() < best.level().ordinal()) {
                best = f;
            }
        }
        return best;
    }

    private static Fit fitOne(List<Token> d, List<Token> p, List<Token> optional, String altText) {
        if (covers(d, p)) {
            List<String> extra = new ArrayList<>();
            for (Token t : d) {
                if (!anyMatch(t, p) && !anyMatch(t, optional)) {
                    extra.add(t.text());
                }
            }
            return new Fit(Level.MODEL, text(p), extra, altText, null);
        }
        List<Token> pAll = new ArrayList<>(p);
        pAll.addAll(optional);
        if (covers(pAll, d)) {
            boolean sharedNumber = false;
            for (Token t : d) {
                if (t.hasDigit()) {
                    sharedNumber = true;
                }
            }
            return new Fit(sharedNumber ? Level.MODEL : Level.FAMILY, text(d), List.of(), altText, null);
        }
        // the device named only the optional part number ("718132" for "Veradius Unity (718132)")
        if (!optional.isEmpty() && covers(optional, d) && d.stream().allMatch(Token::hasDigit)) {
            return new Fit(Level.MODEL, text(d), List.of(), altText, null);
        }
        return Fit.NONE;
    }

    /** True when every token of {@code required} matches some token of {@code have}. */
    static boolean covers(List<Token> have, List<Token> required) {
        if (required.isEmpty()) {
            return false;
        }
        for (Token r : required) {
            if (!anyMatch(r, have)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatch(Token t, List<Token> list) {
        for (Token o : list) {
            if (t.matches(o)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> text(List<Token> tokens) {
        List<String> out = new ArrayList<>();
        for (Token t : tokens) {
            out.add(t.text());
        }
        return out;
    }

    /** True when a designation written in a version branch ("7100", "MMT-1710", "882471 Gemini TF 64") names the device's model. */
    public static boolean designationMatches(String designation, String deviceModel, String productName, List<List<String>> vendorWords) {
        List<Token> d = deviceTokens(deviceModel, vendorWords);
        List<Token> des = identifying(tokenize(Names.fold(designation)), vendorWords);
        // words of the product name itself do not make a designation match ("Gemini" in "882160 Gemini Dual")
        List<Token> prod = productName == null ? List.of() : identifying(tokenize(Names.fold(productName)), vendorWords);
        des.removeIf(t -> anyMatch(t, prod) && !t.hasDigit());
        if (des.isEmpty() || d.isEmpty()) {
            return false;
        }
        // every designation token with a digit must be named by the device, or the device's variant words all appear in it
        List<Token> numbered = new ArrayList<>();
        for (Token t : des) {
            if (t.hasDigit()) {
                numbered.add(t);
            }
        }
        if (!numbered.isEmpty() && covers(d, numbered)) {
            return true;
        }
        List<Token> dExtra = new ArrayList<>();
        for (Token t : d) {
            if (!anyMatch(t, prod)) {
                dExtra.add(t);
            }
        }
        return !dExtra.isEmpty() && covers(des, dExtra) || covers(d, des);
    }

    /** Identifying tokens of the device model that the product name does not contain (a variant the device names). */
    public static List<String> variantWords(String deviceModel, String productName, List<List<String>> vendorWords) {
        List<Token> d = deviceTokens(deviceModel, vendorWords);
        List<Token> prod = productName == null ? List.of() : identifying(tokenize(Names.fold(productName)), vendorWords);
        List<String> out = new ArrayList<>();
        for (Token t : d) {
            if (!anyMatch(t, prod)) {
                out.add(t.text());
            }
        }
        return out;
    }
}
