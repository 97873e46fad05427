package org.wardwatch.risk.intel;

/**
 * A product an advisory talks about, as the advisory wrote it.
 *
 * @param productId       CSAF {@code product_id} (or a generated id for NVD CPE matches)
 * @param vendor          vendor branch name (CSAF) or CPE vendor (NVD)
 * @param product         product name (CSAF {@code product_name} branch, with any {@code product_family}
 *                        prefix) or CPE product
 * @param version         version text as written: a CSAF {@code product_version} /
 *                        {@code product_version_range} branch name, a CPE version; null when none given
 * @param versionCategory {@code product_version}, {@code product_version_range}, {@code cpe} or null
 * @param fullName        the leaf's full product name as written
 * @param cpe             CPE 2.3 name from {@code product_identification_helper} or the NVD criteria
 * @param purl            package URL from {@code product_identification_helper}
 * @param bounds          NVD version range bounds, null when none
 * @param platform        a condition on where it runs (CSAF relationship target, NVD AND-configuration
 *                        platform), null when unconditional
 * @param modelNumbers    CSAF {@code product_identification_helper.model_numbers}, empty when none
 */
public record AffectedProduct(String productId, String vendor, String product, String version, String versionCategory,
                              String fullName, String cpe, String purl, VersionBounds bounds, String platform,
                              java.util.List<String> modelNumbers) {
    public AffectedProduct {
        modelNumbers = modelNumbers == null ? java.util.List.of() : java.util.List.copyOf(modelNumbers);
    }

    /** NVD {@code cpeMatch} range fields; each null when absent. */
    public record VersionBounds(String startIncluding, String startExcluding, String endIncluding, String endExcluding) {
        public boolean isEmpty() {
            return startIncluding == null && startExcluding == null && endIncluding == null && endExcluding == null;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (startIncluding != null) {
                sb.append(">= ").append(startIncluding);
            }
            if (startExcluding != null) {
                sb.append("> ").append(startExcluding);
            }
            if (endIncluding != null) {
                sb.append(sb.length() > 0 ? ", " : "").append("<= ").append(endIncluding);
            }
            if (endExcluding != null) {
                sb.append(sb.length() > 0 ? ", " : "").append("< ").append(endExcluding);
            }
            return sb.toString();
        }
    }
}
