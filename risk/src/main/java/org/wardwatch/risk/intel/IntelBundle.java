package org.wardwatch.risk.intel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything imported: advisories (CSAF, NVD) and SBOM/VEX documents, plus where each came from.
 * Importing a document with an id already present replaces the old one (a newer revision of an advisory).
 *
 * @param format always 1 (the version of this file format)
 */
public record IntelBundle(int format, List<Advisory> advisories, List<Sbom> sboms, List<ImportRecord> imports) {
    public static final int FORMAT = 1;

    public IntelBundle {
        advisories = List.copyOf(advisories);
        sboms = List.copyOf(sboms);
        imports = List.copyOf(imports);
    }

    public static IntelBundle empty() {
        return new IntelBundle(FORMAT, List.of(), List.of(), List.of());
    }

    /**
     * One imported file.
     *
     * @param kind csaf, nvd or cyclonedx
     * @param ids  advisory ids, CVE ids (up to 20, then "+N more") or the SBOM serial it contributed
     */
    public record ImportRecord(String file, String sha256, String kind, List<String> ids, String importedAt) {
        public ImportRecord {
            ids = List.copyOf(ids);
        }
    }

    /** This bundle with {@code other}'s documents added; same-id documents of {@code other} win. */
    public IntelBundle merge(IntelBundle other) {
        Map<String, Advisory> adv = new LinkedHashMap<>();
        for (Advisory a : advisories) {
            adv.put(a.source() + ":" + a.id(), a);
        }
        for (Advisory a : other.advisories) {
            adv.put(a.source() + ":" + a.id(), a);
        }
        Map<String, Sbom> sb = new LinkedHashMap<>();
        for (Sbom s : sboms) {
            sb.put(s.serial(), s);
        }
        for (Sbom s : other.sboms) {
            sb.put(s.serial(), s);
        }
        List<ImportRecord> imp = new ArrayList<>(imports);
        imp.addAll(other.imports);
        return new IntelBundle(FORMAT, new ArrayList<>(adv.values()), new ArrayList<>(sb.values()), imp);
    }
}
