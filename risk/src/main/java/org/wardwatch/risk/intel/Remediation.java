package org.wardwatch.risk.intel;

import java.util.List;

/**
 * What the advisory says to do.
 *
 * @param category CSAF remediation category (vendor_fix, mitigation, workaround, none_available,
 *                 no_fix_planned) or {@code recommendation} for NVD/VEX text
 * @param products product ids it applies to; empty = all
 */
public record Remediation(String category, String details, String url, List<String> products) {
    public Remediation {
        products = List.copyOf(products);
    }
}
