package org.wardwatch.model.device;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The combined answer for one attribute: the value (null = unknown), the confidence in it (0..1),
 * the evidence of the claims that agree with it, and the claims that disagree (other values).
 */
public record AttributeValue(Attribute attribute, String value, double confidence,
                             List<Evidence> evidence, List<Claim> conflicts) {
    public AttributeValue {
        evidence = List.copyOf(evidence);
        conflicts = List.copyOf(conflicts);
    }

    public static AttributeValue unknown(Attribute attribute) {
        return new AttributeValue(attribute, null, 0, List.of(), List.of());
    }

    @JsonIgnore
    public boolean isKnown() {
        return value != null;
    }

    /** The value, or {@code fallback} when unknown. */
    public String valueOr(String fallback) {
        return value != null ? value : fallback;
    }
}
