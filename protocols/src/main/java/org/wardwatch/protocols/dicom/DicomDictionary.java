package org.wardwatch.protocols.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * DICOM knowledge the analyzer needs, loaded once from data files beside this class:
 * {@code dicom-uids.tsv} (PS3.6 Annex A: SOP classes, transfer syntaxes) and {@code dicom-phi-tags.tsv}
 * (group 0010 and the person-identifying attributes of PS3.15 Annex E Table E.1-1). Each file cites its source.
 */
public final class DicomDictionary {
    public static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99";
    public static final String EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2";

    private static final Map<String, String> UID_NAMES = new HashMap<>();
    private static final Map<String, String> UID_KINDS = new HashMap<>();
    private static final Map<Integer, String> PHI_KEYWORDS = new HashMap<>();

    static {
        read("dicom-uids.tsv", cols -> {
            UID_KINDS.put(cols[0], cols[1]);
            UID_NAMES.put(cols[0], cols[2]);
        });
        read("dicom-phi-tags.tsv", cols -> {
            // "(gggg,eeee)"
            int group = Integer.parseInt(cols[0].substring(1, 5), 16);
            int element = Integer.parseInt(cols[0].substring(6, 10), 16);
            PHI_KEYWORDS.put((group << 16) | element, cols[1]);
        });
    }

    private DicomDictionary() {
    }

    /** PS3.6 name of a UID (SOP class, transfer syntax, ...), or null when it is not registered. */
    public static String uidName(String uid) {
        return uid == null ? null : UID_NAMES.get(uid);
    }

    /** sop_class, meta_sop_class, transfer_syntax, application_context, ... or null. */
    public static String uidKind(String uid) {
        return uid == null ? null : UID_KINDS.get(uid);
    }

    /** Whether an attribute identifies the patient (or staff): group 0010 or listed in PS3.15 E.1-1. */
    public static boolean isPhi(int tag) {
        return (tag >>> 16) == 0x0010 || PHI_KEYWORDS.containsKey(tag);
    }

    /** "(0010,0010) PatientName"; the keyword is left out when unknown. */
    public static String describeTag(int tag) {
        String kw = PHI_KEYWORDS.get(tag);
        String t = String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
        return kw == null ? t : t + " " + kw;
    }

    private interface Row {
        void accept(String[] cols);
    }

    private static void read(String resource, Row row) {
        try (InputStream in = DicomDictionary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                row.accept(line.split("\t", -1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
