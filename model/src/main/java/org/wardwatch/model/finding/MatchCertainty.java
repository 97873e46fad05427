package org.wardwatch.model.finding;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How sure a match between a device and an advisory's affected product is. Ordered from most to least sure.
 */
public enum MatchCertainty {
    /** Vendor and product match and the device's version is one the advisory lists. */
    EXACT_VERSION,
    /** Vendor and product match and the device's version falls inside the advisory's range (or "all versions"). */
    VERSION_RANGE,
    /** Vendor and product (family) match, but the advisory's version text cannot be compared to a version. */
    PRODUCT_FAMILY,
    /** Vendor and product match, the device's version is unknown: it may or may not be affected. */
    POSSIBLY_AFFECTED;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static MatchCertainty parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
