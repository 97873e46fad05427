package org.wardwatch.risk.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an advisory says about versions, parsed from the free text CSAF {@code product_version} and
 * {@code product_version_range} branch names carry (CISA writes them by hand: "<12.2.8.410",
 * ">= 4.01 | <= 4.34", "12.x", "1.1 | 1.2 | 1.4 | 1.5", "2.3.6 and below", "vers:all/*",
 * "<= 1.54 (integrated into GE MobileLink)", "7100 | 7900 | 100 | Protiva Carestation View"),
 * from a {@code vers:} range (https://github.com/package-url/purl-spec/blob/master/VERSION-RANGE-SPEC.rst),
 * or from NVD CPE version fields.
 *
 * <p>Parsing, in order (documented with examples in docs/risk.md): a parenthesized remark is set aside
 * as a note; "* ", "all", "vers:all/*" mean every version; "X and below/earlier/prior" means {@code <= X};
 * the text is split into clauses at "|" and " and "; a clause with an operator ({@code < <= > >= =}) is a
 * bound, and a lower bound directly followed by an upper bound is one interval (CISA writes
 * ">= 2.0 | <= 3.0" for 2.0..3.0); "12.x" is a prefix; "Rev B-M" an inclusive interval; a clause that
 * reads like a version (has a dot, or is a short number, or letters then digits like "BT06") is an
 * exact version; a clause with a date ("< july 1 2017", "<8/30/2024") cannot be compared with a
 * device's version; anything else ("7100", "882160 Gemini Dual", "MMT-1710") is a model designation,
 * which the matcher compares with the device's model.
 */
public final class VersionSpec {
    /** Result of checking a device version against the spec. */
    public enum Outcome {
        /** The device version is one listed. */
        EXACT,
        /** The device version is inside a range or prefix. */
        IN_RANGE,
        /** The advisory covers every version. */
        ALL_VERSIONS,
        /** The device version is known and outside everything listed. */
        OUTSIDE,
        /** The advisory's text cannot be compared to a version (dates, prose). */
        NOT_COMPARABLE,
        /** The device's version is unknown. */
        DEVICE_VERSION_UNKNOWN
    }

    /** One comparable statement. */
    sealed interface Clause permits Exact, Prefix, Interval {
        String describe();
    }

    record Exact(String version) implements Clause {
        public String describe() {
            return "= " + version;
        }
    }

    record Prefix(String text, List<Object> tokens) implements Clause {
        public String describe() {
            return text;
        }
    }

    /** A bound compares only the first {@code tokens.size()} tokens of a version when {@code wildcard}. */
    record Bound(String text, List<Object> tokens, boolean inclusive, boolean wildcard) {
    }

    record Interval(Bound lower, Bound upper) implements Clause {
        public String describe() {
            StringBuilder sb = new StringBuilder();
            if (lower != null) {
                sb.append(lower.inclusive ? ">= " : "> ").append(lower.text);
            }
            if (upper != null) {
                sb.append(sb.length() > 0 ? " and " : "").append(upper.inclusive ? "<= " : "< ").append(upper.text);
            }
            return sb.toString();
        }
    }

    private static final Pattern OP = Pattern.compile("^(<=|>=|=<|=>|==|<|>|=)\\s*(.*)$");
    private static final Pattern WILDCARD = Pattern.compile("^(?:v\\s*)?((?:[a-z]{0,3}\\d+)(?:\\.[a-z]?\\d+)*)(?:\\.[x*])+$", Pattern.CASE_INSENSITIVE);
    private static final Pattern REV_RANGE = Pattern.compile("^rev(?:ision)?\\.?\\s+([a-z0-9.]+)\\s*-\\s*([a-z0-9.]+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern VERSIONISH = Pattern.compile(
            "^(?:v\\s*)?(?:\\d+(?:[._\\-][a-z0-9]+)+[a-z]?|\\d{1,2}[a-z]?|[a-z]{1,3}\\.?\\d+(?:[._\\-][a-z0-9]+)*|[a-z](?:\\.[a-z0-9]+)+)"
                    + "(?:\\s+(?:build|sp|sr|service pack|patch|update|r)\\s*\\d+)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern AMBIGUOUS = Pattern.compile("^(?:\\d{3,}[a-z]?|[a-z]{1,3}\\d+[a-z]?)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE = Pattern.compile(
            "(?i)\\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(tember)?|oct(ober)?|nov(ember)?|dec(ember)?)\\b|\\d{1,2}/\\d{1,2}/\\d{2,4}|\\bshipped\\b|\\bdistributed\\b");
    private static final Pattern BELOW = Pattern.compile("(?i)^(.*?\\S)\\s+(?:and|or)\\s+(?:below|earlier|prior|lower|older|before)$");
    private static final Pattern ABOVE = Pattern.compile("(?i)^(.*?\\S)\\s+(?:and|or)\\s+(?:above|later|newer|higher|after)$");

    private final String text;
    private final boolean all;
    private final List<Clause> clauses;
    private final List<String> excluded;
    private final List<String> designations;
    private final List<String> uncomparable;
    private final List<String> ambiguous;
    private final String note;

    private VersionSpec(String text, boolean all, List<Clause> clauses, List<String> excluded, List<String> designations,
                        List<String> uncomparable, List<String> ambiguous, String note) {
        this.text = text;
        this.all = all;
        this.clauses = List.copyOf(clauses);
        this.excluded = List.copyOf(excluded);
        this.designations = List.copyOf(designations);
        this.uncomparable = List.copyOf(uncomparable);
        this.ambiguous = List.copyOf(ambiguous);
        this.note = note;
    }

    /** Every version (an advisory that names a product without a version, or "vers:all/*"). */
    public static VersionSpec all(String text, String note) {
        return new VersionSpec(text, true, List.of(), List.of(), List.of(), List.of(), List.of(), note);
    }

    /** NVD CPE match: the CPE's own version (unless * or -), or the range bounds. */
    public static VersionSpec ofCpe(String cpeVersion, String startIncl, String startExcl, String endIncl, String endExcl) {
        List<Clause> clauses = new ArrayList<>();
        Bound lo = startIncl != null ? bound(startIncl, true) : startExcl != null ? bound(startExcl, false) : null;
        Bound hi = endIncl != null ? bound(endIncl, true) : endExcl != null ? bound(endExcl, false) : null;
        String text;
        if (lo != null || hi != null) {
            Interval iv = new Interval(lo, hi);
            clauses.add(iv);
            text = iv.describe();
        } else if (cpeVersion == null || cpeVersion.equals("*") || cpeVersion.equals("-")) {
            return all(cpeVersion, cpeVersion != null && cpeVersion.equals("-") ? "version not applicable" : "any version");
        } else {
            String v = cpeVersion.replace("\\", "");
            clauses.add(new Exact(v));
            text = v;
        }
        return new VersionSpec(text, false, clauses, List.of(), List.of(), List.of(), List.of(), null);
    }

    /** Parses a CSAF version branch name (null = the advisory names no version: every version). */
    public static VersionSpec parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return all(raw, "the advisory names no version");
        }
        String s = raw.strip().replaceAll("\\s+", " ");
        StringBuilder note = new StringBuilder();
        if (s.regionMatches(true, 0, "vers:", 0, 5)) {
            return parseVers(raw, s);
        }
        s = takeParentheses(s, note);
        s = takeCondition(s, note);
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("*") || lower.equals("all") || lower.equals("all versions") || lower.startsWith("* ")) {
            if (lower.startsWith("* ")) {
                append(note, s.substring(2));
            }
            return all(raw, note.length() == 0 ? null : note.toString());
        }
        List<String> parts = new ArrayList<>();
        for (String p : s.split("\\|")) {
            for (String q : p.split("(?i)\\s+and\\s+(?!(?:below|earlier|prior|lower|older|before|above|later|newer|higher|after)\\b)")) {
                if (!q.isBlank()) {
                    parts.add(q.strip());
                }
            }
        }
        List<Clause> clauses = new ArrayList<>();
        List<String> designations = new ArrayList<>();
        List<String> uncomparable = new ArrayList<>();
        List<String> ambiguous = new ArrayList<>();
        Bound pendingLower = null;
        for (String part : parts) {
            String p = part;
            Matcher below = BELOW.matcher(p);
            Matcher above = ABOVE.matcher(p);
            if (below.matches()) {
                p = "<= " + below.group(1);
            } else if (above.matches()) {
                p = ">= " + above.group(1);
            }
            Matcher op = OP.matcher(p);
            if (op.matches()) {
                String operator = op.group(1).replace("=<", "<=").replace("=>", ">=");
                String v = op.group(2).strip();
                if (!DATE.matcher(v).find()) {
                    v = boundValue(v, designations);
                }
                if (v == null || DATE.matcher(v).find()) {
                    if (pendingLower != null) {
                        clauses.add(new Interval(pendingLower, null));
                        pendingLower = null;
                    }
                    uncomparable.add(part);
                    continue;
                }
                switch (operator) {
                    case ">=", ">" -> {
                        if (pendingLower != null) {
                            clauses.add(new Interval(pendingLower, null));
                        }
                        pendingLower = bound(v, operator.equals(">="));
                    }
                    case "<=", "<" -> {
                        clauses.add(new Interval(pendingLower, bound(v, operator.equals("<="))));
                        pendingLower = null;
                    }
                    default -> clauses.add(new Exact(Versions.strip(v)));
                }
                continue;
            }
            if (pendingLower != null) {
                clauses.add(new Interval(pendingLower, null));
                pendingLower = null;
            }
            Matcher wc = WILDCARD.matcher(p);
            Matcher rev = REV_RANGE.matcher(p);
            if (wc.matches()) {
                clauses.add(new Prefix(p, Versions.tokens(wc.group(1))));
            } else if (rev.matches()) {
                clauses.add(new Interval(bound(rev.group(1), true), bound(rev.group(2), true)));
            } else if (DATE.matcher(p).find()) {
                uncomparable.add(part);
            } else if (p.matches("(?i)(release|version|versions)\\s+.*") || p.matches("(?:v?\\d+(?:\\.\\d+)+\\s+){1,}v?\\d+(?:\\.\\d+)+")) {
                // "Release 1.3.2 1.4.0 1.4.1": a list of versions
                for (String v : p.replaceFirst("(?i)^(release|version|versions)\\s+", "").split("\\s+")) {
                    if (VERSIONISH.matcher(v).matches()) {
                        clauses.add(new Exact(Versions.strip(v)));
                    } else {
                        uncomparable.add(v);
                    }
                }
            } else if (p.matches("(?i)(?:v\\s*)?\\S+\\s+model\\s+.+")) {
                // "6.x model 35700BAX": a version of one model
                String[] vm = p.split("(?i)\\s+model\\s+", 2);
                VersionSpec inner = parse(vm[0]);
                clauses.addAll(inner.clauses);
                designations.add(vm[1]);
            } else if (AMBIGUOUS.matcher(p).matches()) {
                // "VS30", "BT06", "7100", "A51200": a model variant or a version; the matcher tries both
                clauses.add(new Exact(Versions.strip(p)));
                designations.add(p);
                ambiguous.add(p);
            } else if (VERSIONISH.matcher(p).matches()) {
                clauses.add(new Exact(Versions.strip(p)));
            } else {
                designations.add(p);
            }
        }
        if (pendingLower != null) {
            clauses.add(new Interval(pendingLower, null));
        }
        return new VersionSpec(raw, false, clauses, List.of(), designations, uncomparable, ambiguous,
                note.length() == 0 ? null : note.toString());
    }

    /**
     * The version of a bound: the text itself when it reads like a version ("1.8.4 Service Pack 01",
     * "S4 A.07.107", "K"), else the last version-like word of a phrase ("Accu-Chek Inform II Base Unit NEW
     * with Software 04.00.00": 04.00.00, the words before it become a designation); null when none.
     */
    private static String boundValue(String v, List<String> designations) {
        String[] words = v.split(" ");
        if (words.length <= 4 && (words[0].chars().anyMatch(Character::isDigit) || words[0].matches("(?i)v?[a-z]{1,2}"))) {
            return v;
        }
        for (int i = words.length - 1; i >= 0; i--) {
            if (words[i].chars().anyMatch(Character::isDigit) && VERSIONISH.matcher(words[i]).matches()) {
                String before = String.join(" ", java.util.Arrays.copyOfRange(words, 0, i))
                        .replaceFirst("(?i)\\s*(with\\s+)?(software|firmware|version|sw|fw)\\s*$", "").strip();
                if (!before.isEmpty()) {
                    designations.add(before);
                }
                return words[i];
            }
        }
        return null;
    }

    private static Clause boundClause(String operator, String v) {
        return switch (operator) {
            case ">=", ">" -> new Interval(bound(v, operator.equals(">=")), null);
            case "<=", "<" -> new Interval(null, bound(v, operator.equals("<=")));
            default -> new Exact(v);
        };
    }

    private static VersionSpec parseVers(String raw, String s) {
        int slash = s.indexOf('/');
        String constraints = slash < 0 ? "" : s.substring(slash + 1).strip();
        if (constraints.equals("*") || constraints.isEmpty()) {
            return all(raw, null);
        }
        List<Clause> clauses = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        List<String> uncomparable = new ArrayList<>();
        Bound pendingLower = null;
        for (String c : constraints.split("\\|")) {
            String t = c.strip();
            Matcher op = Pattern.compile("^(!=|<=|>=|<|>|=)?\\s*(.+)$").matcher(t);
            if (!op.matches()) {
                uncomparable.add(t);
                continue;
            }
            String operator = op.group(1) == null ? "=" : op.group(1);
            String v = java.net.URLDecoder.decode(op.group(2), java.nio.charset.StandardCharsets.UTF_8);
            switch (operator) {
                case "!=" -> excluded.add(v);
                case ">=", ">" -> {
                    if (pendingLower != null) {
                        clauses.add(new Interval(pendingLower, null));
                    }
                    pendingLower = bound(v, operator.equals(">="));
                }
                case "<=", "<" -> {
                    clauses.add(new Interval(pendingLower, bound(v, operator.equals("<="))));
                    pendingLower = null;
                }
                default -> clauses.add(new Exact(v));
            }
        }
        if (pendingLower != null) {
            clauses.add(new Interval(pendingLower, null));
        }
        return new VersionSpec(raw, false, clauses, excluded, List.of(), uncomparable, List.of(), null);
    }

    private static Bound bound(String v, boolean inclusive) {
        String t = Versions.strip(v);
        Matcher wc = WILDCARD.matcher(t);
        if (wc.matches()) {
            return new Bound(t, Versions.tokens(wc.group(1)), inclusive, true);
        }
        return new Bound(t, Versions.tokens(t), inclusive, false);
    }

    /** Removes "(...)" remarks (nested or unclosed) and keeps them as a note, unless the text is only a remark. */
    private static String takeParentheses(String s, StringBuilder note) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                if (depth > 0) {
                    cur.append(c);
                }
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
                if (depth == 0) {
                    append(note, cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            } else if (depth > 0) {
                cur.append(c);
            } else {
                out.append(c);
            }
        }
        if (cur.length() > 0) {
            append(note, cur.toString());
        }
        String r = out.toString().replaceAll("\\s+", " ").strip();
        if (r.isEmpty() || r.equals("|")) {
            // the whole text was a remark, e.g. "(Release 1.3.2 1.4.0)": parse its content
            String inner = note.toString();
            note.setLength(0);
            return inner;
        }
        return r;
    }

    /** "11.2 on Windows 8.1 with IIS 7.5", "* running on old ... Windows 2000": the condition becomes a note. */
    private static String takeCondition(String s, StringBuilder note) {
        Matcher m = Pattern.compile("(?i)^(\\S.*?)\\s+((?:running\\s+)?on\\s+.+|integrated into .+)$").matcher(s);
        if (m.matches() && !m.group(1).toLowerCase(Locale.ROOT).startsWith("with")) {
            append(note, m.group(2));
            return m.group(1);
        }
        return s;
    }

    private static void append(StringBuilder note, String s) {
        String t = s.strip();
        if (!t.isEmpty()) {
            note.append(note.length() > 0 ? "; " : "").append(t);
        }
    }

    public String text() {
        return text;
    }

    public boolean coversAll() {
        return all;
    }

    /** Model designations written where a version was expected ("7100", "MMT-1710"). */
    public List<String> designations() {
        return designations;
    }

    /** A remark set aside while parsing ("integrated into GE MobileLink"), or null. */
    public String note() {
        return note;
    }

    /** True when the spec has a clause that can only be a version (not also a model designation). */
    public boolean hasVersionOnlyClauses() {
        return all || clauses.size() > ambiguous.size();
    }

    /** True when the text had parts that cannot be compared with a version (dates, prose). */
    public boolean hasUncomparableParts() {
        return !uncomparable.isEmpty();
    }

    /** Checks a device's version against the comparable clauses (designations are the matcher's business). */
    public Outcome check(String deviceVersion) {
        if (all) {
            return Outcome.ALL_VERSIONS;
        }
        if (clauses.isEmpty()) {
            return Outcome.NOT_COMPARABLE;
        }
        if (deviceVersion == null || !Versions.comparable(deviceVersion)) {
            return Outcome.DEVICE_VERSION_UNKNOWN;
        }
        for (String ex : excluded) {
            if (Versions.compare(deviceVersion, ex) == 0) {
                return Outcome.OUTSIDE;
            }
        }
        for (Clause c : clauses) {
            if (c instanceof Exact e && Versions.compare(deviceVersion, e.version()) == 0) {
                return Outcome.EXACT;
            }
        }
        List<Object> dv = Versions.tokens(deviceVersion);
        boolean anyComparable = false;
        for (Clause c : clauses) {
            if (!sameScheme(dv, c)) {
                continue;
            }
            anyComparable = true;
            if (c instanceof Prefix p && Versions.startsWith(deviceVersion, p.tokens())) {
                return Outcome.IN_RANGE;
            }
            if (c instanceof Interval iv && inside(dv, iv)) {
                return Outcome.IN_RANGE;
            }
        }
        return anyComparable && uncomparable.isEmpty() ? Outcome.OUTSIDE : Outcome.NOT_COMPARABLE;
    }

    /**
     * Versions of different schemes cannot be ordered: "L80" (a letter revision) and "012U000040" (a
     * number) share no order, so such a clause neither includes nor excludes the device.
     */
    private static boolean sameScheme(List<Object> dv, Clause c) {
        List<Object> other;
        if (c instanceof Exact e) {
            other = Versions.tokens(e.version());
        } else if (c instanceof Prefix p) {
            other = p.tokens();
        } else {
            Interval iv = (Interval) c;
            other = iv.lower() != null ? iv.lower().tokens() : iv.upper().tokens();
        }
        if (dv.isEmpty() || other.isEmpty()) {
            return false;
        }
        return (dv.get(0) instanceof Long) == (other.get(0) instanceof Long);
    }

    private static boolean inside(List<Object> v, Interval iv) {
        if (iv.lower() != null) {
            int c = cmp(v, iv.lower());
            if (c < 0 || (c == 0 && !iv.lower().inclusive())) {
                return false;
            }
        }
        if (iv.upper() != null) {
            int c = cmp(v, iv.upper());
            return c < 0 || (c == 0 && iv.upper().inclusive());
        }
        return true;
    }

    private static int cmp(List<Object> v, Bound b) {
        if (b.wildcard()) {
            List<Object> head = v.size() > b.tokens().size() ? v.subList(0, b.tokens().size()) : v;
            return Versions.compare(head, b.tokens());
        }
        return Versions.compare(v, b.tokens());
    }

    /** The comparable clauses in words ("= 1.1, >= 4.01 and <= 4.34, 12.x"). */
    public String describe() {
        if (all) {
            return "all versions";
        }
        List<String> d = new ArrayList<>();
        for (Clause c : clauses) {
            d.add(c.describe());
        }
        return String.join(", ", d);
    }

    @Override
    public String toString() {
        return "VersionSpec[" + text + " -> " + describe() + (designations.isEmpty() ? "" : " designations=" + designations)
                + (uncomparable.isEmpty() ? "" : " uncomparable=" + uncomparable) + (note == null ? "" : " note=" + note) + "]";
    }
}
