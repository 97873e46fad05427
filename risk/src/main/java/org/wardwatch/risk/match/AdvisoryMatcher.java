package org.wardwatch.risk.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wardwatch.model.finding.MatchCertainty;
import org.wardwatch.risk.DeviceFacts;
import org.wardwatch.risk.intel.AffectedProduct;

/**
 * Matches a device (vendor, model, firmware version, OS) with the products an advisory names.
 *
 * <ol>
 * <li><b>Vendor</b>: the device's vendor and the product's vendor name the same maker per
 *     {@link VendorNames}; or the product's name begins with the device's vendor ("Welch Allyn Connex
 *     Spot Monitor" under vendor Hillrom: the advisory itself names the brand).</li>
 * <li><b>Product</b>: {@link ProductNames#fit} of the device's model against the product name (MODEL or
 *     FAMILY); a model designation written in the version branch ("7100 | 7900 | 100") that the device's
 *     model names also makes a MODEL fit. When the model does not fit, the device's OS is tried against
 *     the product name (advisories list "Windows XP" as a product of a device maker).</li>
 * <li><b>Version</b>: {@link VersionSpec#check} of the device's firmware version.</li>
 * </ol>
 * Certainty: MODEL fit + exact version → exact_version; + range, prefix or "all versions" →
 * version_range; + text that is not comparable → product_family; + unknown device version →
 * possibly_affected. A FAMILY fit caps certainty at product_family. A known device version outside
 * every listed version or range is no match; so is a device whose model names a variant the
 * advisory's designations do not list.
 */
public final class AdvisoryMatcher {
    private final VendorNames vendors;

    public AdvisoryMatcher(VendorNames vendors) {
        this.vendors = vendors;
    }

    public AdvisoryMatcher() {
        this(VendorNames.defaults());
    }

    public Optional<ProductMatch> match(DeviceFacts d, AffectedProduct p) {
        if (d.vendor() == null || d.model() == null) {
            return Optional.empty();
        }
        boolean cpe = "cpe".equals(p.versionCategory());
        String productName = productName(p, cpe);
        if (productName == null) {
            return Optional.empty();
        }
        String vendorReason;
        if (p.vendor() != null && vendors.same(d.vendor(), p.vendor())) {
            vendorReason = "vendor \"" + d.vendor() + "\" is advisory vendor \"" + vendorText(p.vendor(), cpe) + "\"";
        } else if (startsWithVendor(productName, d.vendor())) {
            vendorReason = "the advisory's product name \"" + productName + "\" begins with the device's vendor \"" + d.vendor() + "\"";
        } else {
            return Optional.empty();
        }
        List<List<String>> vendorWords = new ArrayList<>(vendors.aliasWords(d.vendor()));
        if (p.vendor() != null) {
            vendorWords.addAll(vendors.aliasWords(cpe ? p.vendor().replace('_', ' ') : p.vendor()));
        }
        vendorWords.sort((x, y) -> y.size() - x.size());

        String versionText = p.version();
        if (!cpe && versionText == null) {
            String embedded = ProductNames.embeddedVersion(productName);
            if (embedded != null) {
                versionText = embedded;
                productName = productName.replace(embedded, " ").replaceAll("\\s+", " ").strip();
            }
        }
        VersionSpec spec = cpe
                ? VersionSpec.ofCpe(p.version(), bound(p, 0), bound(p, 1), bound(p, 2), bound(p, 3))
                : VersionSpec.parse(versionText);

        String subject = "model \"" + d.model() + "\"";
        String model = d.model();
        ProductNames.Fit fit = ProductNames.fit(model, productName, vendorWords);
        String matchedDesignation = null;
        for (String des : spec.designations()) {
            if (ProductNames.designationMatches(des, model, productName, vendorWords)) {
                matchedDesignation = des;
                break;
            }
        }
        for (String mn : p.modelNumbers()) {
            if (matchedDesignation == null && ProductNames.designationMatches(mn, model, productName, vendorWords)) {
                matchedDesignation = mn;
            }
        }
        ProductNames.Level level = fit.level();
        if (level != ProductNames.Level.MODEL && matchedDesignation != null) {
            ProductNames.Fit combined = ProductNames.fit(model, productName + " " + matchedDesignation, vendorWords);
            if (level == ProductNames.Level.FAMILY || combined.level() != ProductNames.Level.NONE) {
                level = ProductNames.Level.MODEL;
            }
        }
        if (level == ProductNames.Level.NONE) {
            for (String des : spec.designations()) {
                ProductNames.Fit combined = ProductNames.fit(model, productName + " " + des, vendorWords);
                if (combined.level() != ProductNames.Level.NONE) {
                    level = combined.level();
                    break;
                }
            }
        }
        if (level == ProductNames.Level.NONE && d.os() != null) {
            ProductNames.Fit osFit = ProductNames.fit(d.os(), productName, vendorWords);
            if (osFit.level() == ProductNames.Level.MODEL) {
                level = ProductNames.Level.MODEL;
                subject = "operating system \"" + d.os() + "\"";
                model = d.os();
            }
        }
        if (level == ProductNames.Level.NONE) {
            return Optional.empty();
        }

        String version = d.firmware();
        VersionSpec.Outcome raw = spec.check(version);
        VersionSpec.Outcome outcome = raw;
        String designationReason = null;
        if (!spec.designations().isEmpty()) {
            if (matchedDesignation != null) {
                designationReason = "the advisory lists the model variant \"" + matchedDesignation + "\"";
                if (raw != VersionSpec.Outcome.EXACT && raw != VersionSpec.Outcome.IN_RANGE && raw != VersionSpec.Outcome.ALL_VERSIONS
                        && !spec.hasVersionOnlyClauses()) {
                    outcome = VersionSpec.Outcome.ALL_VERSIONS;
                }
            } else if (spec.hasVersionOnlyClauses() && raw != VersionSpec.Outcome.NOT_COMPARABLE) {
                // "6.x model 35700BAX": the version decides; the device's model just does not name the variant
                outcome = raw;
                designationReason = "the advisory names variant(s) " + spec.designations() + ", which the device's model does not state";
            } else {
                List<String> variant = ProductNames.variantWords(model, productName, vendorWords);
                if (!variant.isEmpty()) {
                    return Optional.empty(); // the device names a variant the advisory does not list
                }
                outcome = VersionSpec.Outcome.NOT_COMPARABLE;
                designationReason = "the advisory lists variants " + spec.designations() + " and the device's model names none of them";
            }
        }
        MatchCertainty certainty = certainty(level, outcome);
        if (certainty == null) {
            return Optional.empty();
        }
        StringBuilder reason = new StringBuilder(vendorReason).append("; ");
        reason.append(subject).append(level == ProductNames.Level.MODEL ? " matches" : " is in the family of")
                .append(" product \"").append(productName).append('"');
        if (designationReason != null) {
            reason.append("; ").append(designationReason);
        }
        reason.append("; ").append(versionReason(outcome, version, spec, p));
        if (spec.note() != null) {
            reason.append(" (advisory remark: ").append(spec.note()).append(')');
        }
        if (p.platform() != null) {
            reason.append("; applies ").append(p.platform());
        }
        return Optional.of(new ProductMatch(p, certainty, outcome, reason.toString()));
    }

    /**
     * Matches software a device announced (no vendor: "DCMTK 3.6.2" from a DICOM implementation version
     * name) with a product: the product name (CSAF product name, or CPE product) must equal the software's
     * name after normalization, and the version decides as for devices. A different version scheme or an
     * unknown version gives possibly_affected.
     */
    public Optional<ProductMatch> matchSoftware(DeviceFacts.SoftwareFacts sw, AffectedProduct p) {
        boolean cpe = "cpe".equals(p.versionCategory());
        String productName = productName(p, cpe);
        if (productName == null || sw.product() == null) {
            return Optional.empty();
        }
        String a = VendorNames.normalize(sw.product());
        String b = VendorNames.normalize(productName);
        if (a.isEmpty() || !a.equals(b)) {
            return Optional.empty();
        }
        VersionSpec spec = cpe
                ? VersionSpec.ofCpe(p.version(), bound(p, 0), bound(p, 1), bound(p, 2), bound(p, 3))
                : VersionSpec.parse(p.version());
        VersionSpec.Outcome o = spec.check(sw.version());
        MatchCertainty c = certainty(ProductNames.Level.MODEL, o);
        if (c == null) {
            return Optional.empty();
        }
        String reason = "the device announced software \"" + sw.product() + (sw.version() == null ? "" : " " + sw.version()) + "\""
                + (sw.source() == null ? "" : " (" + sw.source() + ")") + ", which is the advisory's product \"" + productName
                + "\"" + (p.vendor() == null ? "" : " of " + vendorText(p.vendor(), cpe)) + "; "
                + versionReason(o, sw.version(), spec, p).replace("firmware", "version");
        return Optional.of(new ProductMatch(p, c, o, reason));
    }

    static MatchCertainty certainty(ProductNames.Level level, VersionSpec.Outcome outcome) {
        if (outcome == VersionSpec.Outcome.OUTSIDE) {
            return null;
        }
        if (outcome == VersionSpec.Outcome.DEVICE_VERSION_UNKNOWN) {
            return MatchCertainty.POSSIBLY_AFFECTED;
        }
        if (level == ProductNames.Level.FAMILY || outcome == VersionSpec.Outcome.NOT_COMPARABLE) {
            return MatchCertainty.PRODUCT_FAMILY;
        }
        return outcome == VersionSpec.Outcome.EXACT ? MatchCertainty.EXACT_VERSION : MatchCertainty.VERSION_RANGE;
    }

    private static String versionReason(VersionSpec.Outcome o, String version, VersionSpec spec, AffectedProduct p) {
        String written = spec.text() == null ? "(none)" : "\"" + spec.text() + "\"";
        return switch (o) {
            case EXACT -> "firmware \"" + version + "\" is a listed version " + written;
            case IN_RANGE -> "firmware \"" + version + "\" is within " + written + " (" + spec.describe() + ")";
            case ALL_VERSIONS -> "the advisory covers all versions " + written;
            case NOT_COMPARABLE -> "the advisory's version text " + written + " cannot be compared with firmware "
                    + (version == null ? "(unknown)" : "\"" + version + "\"");
            case DEVICE_VERSION_UNKNOWN -> "the device's firmware version is unknown; the advisory lists " + written;
            case OUTSIDE -> "firmware \"" + version + "\" is outside " + written;
        };
    }

    private static String bound(AffectedProduct p, int which) {
        if (p.bounds() == null) {
            return null;
        }
        return switch (which) {
            case 0 -> p.bounds().startIncluding();
            case 1 -> p.bounds().startExcluding();
            case 2 -> p.bounds().endIncluding();
            default -> p.bounds().endExcluding();
        };
    }

    private static String vendorText(String v, boolean cpe) {
        return cpe ? v.replace('_', ' ') : v;
    }

    /** CSAF product name (or full name); for CPEs the product part with underscores as spaces. */
    private static String productName(AffectedProduct p, boolean cpe) {
        if (cpe) {
            return p.product() == null ? null : p.product().replace('_', ' ').replace("\\", "");
        }
        return p.product() != null ? p.product() : p.fullName();
    }

    private boolean startsWithVendor(String productName, String deviceVendor) {
        String prod = VendorNames.normalize(productName);
        for (List<String> words : vendors.aliasWords(deviceVendor)) {
            String phrase = String.join(" ", words);
            if (!phrase.isEmpty() && (prod.equals(phrase) || prod.startsWith(phrase + " "))) {
                return true;
            }
        }
        return false;
    }
}
