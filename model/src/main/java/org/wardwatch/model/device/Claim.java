package org.wardwatch.model.device;

/**
 * A rule's statement that a device's attribute has a value, with the rule's weight (0..1, how much a
 * single such fact should be believed) and the evidence it rests on.
 */
public record Claim(Attribute attribute, String value, double weight, Evidence evidence) {
    public Claim {
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("claim weight outside 0..1: " + weight);
        }
    }
}
