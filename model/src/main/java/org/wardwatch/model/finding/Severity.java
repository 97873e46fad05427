package org.wardwatch.model.finding;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How bad a finding is, using the CVSS v3.1 qualitative rating scale (FIRST, CVSS v3.1 specification
 * §5: None 0.0, Low 0.1–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0). Ordered from worst to
 * least; {@link #INFO} stands for "None" (a fact worth knowing, no weakness by itself).
 */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, INFO;

    /** The rating of a CVSS score per the v3.1 qualitative scale. */
    public static Severity ofCvss(double score) {
        if (score >= 9.0) {
            return CRITICAL;
        }
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        return score > 0 ? LOW : INFO;
    }

    /** True when this is at least as bad as {@code other}. */
    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
