package org.wardwatch.protocols.dicom;

import java.util.Arrays;

/**
 * A streaming walker over one DICOM data set (PS3.5 chapter 7): it is fed the data set's bytes as the
 * P-DATA fragments arrive, never buffers a value it does not want, and stops at Pixel Data.
 *
 * <p>It keeps the General Equipment identity attributes (PS3.3 C.7.5.1) found at the top level and the
 * tags (never the values) of non-empty patient-identifying attributes at any nesting level. Explicit and
 * implicit VR, little and big endian, defined and undefined lengths. Sequences and items of either
 * length kind are walked up to {@link #MAX_DEPTH} levels (dcmtk and Orthanc encode C-FIND response
 * sequences with defined lengths: a worklist's Scheduled Procedure Step names the performing physician
 * inside one). A nested length that reaches past its parent's end is malformed. Known gaps: private
 * tags are ignored; in Implicit VR a defined-length sequence looks like any value (no VR on the wire,
 * no dictionary here) and is skipped whole.
 */
final class DicomDataSetScanner {
    static final int MAX_DEPTH = 16;
    static final long SCAN_CAP = 1L << 20;
    static final int MAX_VALUE = 256;
    static final int MAX_PHI_TAGS = 64;
    private static final long UNDEFINED = 0xFFFF_FFFFL;

    static final int CHARSET = 0x00080005;
    static final int MODALITY = 0x00080060;
    static final int MANUFACTURER = 0x00080070;
    static final int INSTITUTION = 0x00080080;
    static final int STATION = 0x00081010;
    static final int MODEL = 0x00081090;
    static final int SERIAL = 0x00181000;
    static final int SOFTWARE = 0x00181020;

    private final boolean bigEndian;
    private Boolean explicit; // null: decide from the first element header

    String charset;
    String modality;
    String manufacturer;
    String institution;
    String station;
    String model;
    String serial;
    String software;
    final int[] phiTags = new int[MAX_PHI_TAGS];
    int phiCount;
    /** Named anomaly that stopped the walk, or null. */
    String anomaly;
    boolean stopped;

    private final byte[] hdr = new byte[12];
    private int hdrLen;
    private long skip;
    private int captureTag;
    private final byte[] capture = new byte[MAX_VALUE];
    private int captureLen;
    private long captureRemaining;
    private int depth;
    private final boolean[] levelIsItem = new boolean[MAX_DEPTH];
    private final boolean[] levelImplicit = new boolean[MAX_DEPTH];
    /** Where a defined-length sequence or item ends (in {@link #scanned} bytes); -1 when undefined. */
    private final long[] levelEnd = new long[MAX_DEPTH];
    private long scanned;

    /**
     * @param explicit null when the transfer syntax is unknown (then guessed from the first element)
     */
    DicomDataSetScanner(Boolean explicit, boolean bigEndian) {
        this.explicit = explicit;
        this.bigEndian = bigEndian;
    }

    void feed(byte[] data, int off, int len) {
        int pos = off, end = off + len;
        while (pos < end && !stopped) {
            if (skip > 0) {
                int n = (int) Math.min(skip, end - pos);
                pos += n;
                skip -= n;
                scanned += n;
            } else if (captureRemaining > 0) {
                int n = (int) Math.min(captureRemaining, end - pos);
                int keep = Math.min(n, MAX_VALUE - captureLen);
                System.arraycopy(data, pos, capture, captureLen, keep);
                captureLen += keep;
                pos += n;
                captureRemaining -= n;
                scanned += n;
                if (captureRemaining == 0) {
                    finishCapture();
                }
            } else {
                if (hdrLen == 0 && !closeDefinedLevels()) {
                    break;
                }
                while (hdrLen < 8 && pos < end) {
                    hdr[hdrLen++] = data[pos++];
                }
                if (hdrLen < 8) {
                    break;
                }
                int group = u16(0);
                if (explicit == null) {
                    explicit = isVr(hdr[4], hdr[5]);
                }
                boolean implicitHere = depth > 0 ? levelImplicit[depth - 1] : !explicit;
                boolean longForm = group != 0xFFFE && !implicitHere && isLongVr(hdr[4], hdr[5]);
                if (longForm) {
                    while (hdrLen < 12 && pos < end) {
                        hdr[hdrLen++] = data[pos++];
                    }
                    if (hdrLen < 12) {
                        break;
                    }
                }
                scanned += hdrLen;
                hdrLen = 0;
                onHeader(group, implicitHere, longForm);
            }
            if (scanned > SCAN_CAP) {
                stopped = true;
            }
        }
    }

    private void onHeader(int group, boolean implicitHere, boolean longForm) {
        int element = u16(2);
        int tag = (group << 16) | element;
        if (group == 0xFFFE) {
            long length = u32(4);
            boolean inSequence = depth > 0 && !levelIsItem[depth - 1];
            boolean inItem = depth > 0 && levelIsItem[depth - 1];
            if (element == 0xE000 && inSequence) {
                push(true, levelImplicit[depth - 1], length == UNDEFINED ? -1 : scanned + length);
            } else if ((element == 0xE00D && inItem) || (element == 0xE0DD && inSequence)) {
                depth--;
            } else {
                stop("dicom_dataset_malformed");
            }
            return;
        }
        if (depth > 0 && !levelIsItem[depth - 1]) {
            stop("dicom_dataset_malformed"); // a sequence holds only items and its delimiter
            return;
        }
        long length;
        boolean sequenceVr = false;
        boolean unknownVr = false;
        if (implicitHere) {
            length = u32(4);
        } else {
            if (!isVr(hdr[4], hdr[5])) {
                stop("dicom_dataset_invalid_vr");
                return;
            }
            sequenceVr = hdr[4] == 'S' && hdr[5] == 'Q';
            unknownVr = hdr[4] == 'U' && hdr[5] == 'N';
            length = longForm ? u32(8) : u16(6);
        }
        // an empty attribute (a C-FIND return key, an empty type 2 attribute) carries no patient data,
        // and a sequence is judged by what its items hold
        if (length > 0 && length != UNDEFINED && !sequenceVr && DicomDictionary.isPhi(tag)) {
            addPhi(tag);
        }
        if (depth == 0 && group >= 0x7FE0) {
            stopped = true; // Pixel Data and what follows: nothing wanted there
            return;
        }
        if (length == UNDEFINED) {
            // an undefined length means a sequence (or encapsulated pixel data, a sequence of fragments);
            // inside UN of undefined length the encoding is Implicit VR Little Endian (PS3.5 6.2.2)
            if (depth == MAX_DEPTH) {
                stop("dicom_sequence_depth_cap");
                return;
            }
            push(false, implicitHere || unknownVr, -1);
            return;
        }
        if (sequenceVr) {
            push(false, implicitHere, scanned + length);
            return;
        }
        if (depth == 0 && wanted(tag) && length <= 4 * MAX_VALUE) {
            captureTag = tag;
            captureLen = 0;
            captureRemaining = length;
            if (length == 0) {
                finishCapture();
            }
            return;
        }
        skip = length;
    }

    private void push(boolean item, boolean implicit, long end) {
        if (depth == MAX_DEPTH) {
            stop("dicom_sequence_depth_cap");
            return;
        }
        for (int i = depth - 1; i >= 0; i--) {
            if (levelEnd[i] >= 0) {
                if (end < 0 ? false : end > levelEnd[i]) {
                    stop("dicom_dataset_malformed"); // a nested length reaching past its parent
                    return;
                }
                break;
            }
        }
        levelIsItem[depth] = item;
        levelImplicit[depth] = implicit;
        levelEnd[depth] = end;
        depth++;
    }

    /**
     * Leaves the defined-length sequences and items whose end was reached. False (and stopped) when
     * an element ran past its level's end.
     */
    private boolean closeDefinedLevels() {
        while (depth > 0 && levelEnd[depth - 1] >= 0 && scanned >= levelEnd[depth - 1]) {
            if (scanned > levelEnd[depth - 1]) {
                stop("dicom_dataset_malformed");
                return false;
            }
            depth--;
        }
        return true;
    }

    private void stop(String name) {
        anomaly = name;
        stopped = true;
    }

    private void addPhi(int tag) {
        for (int i = 0; i < phiCount; i++) {
            if (phiTags[i] == tag) {
                return;
            }
        }
        if (phiCount < MAX_PHI_TAGS) {
            phiTags[phiCount++] = tag;
        }
    }

    int[] phiTagsSorted() {
        int[] t = Arrays.copyOf(phiTags, phiCount);
        Arrays.sort(t);
        return t;
    }

    boolean hasIdentity() {
        return modality != null || manufacturer != null || model != null || station != null || serial != null
                || software != null || institution != null;
    }

    private void finishCapture() {
        boolean utf8 = charset != null && charset.contains("ISO_IR 192");
        String v = DicomText.trimmed(capture, 0, captureLen, 128, utf8);
        switch (captureTag) {
            case CHARSET -> charset = v;
            case MODALITY -> modality = v;
            case MANUFACTURER -> manufacturer = v;
            case INSTITUTION -> institution = v;
            case STATION -> station = v;
            case MODEL -> model = v;
            case SERIAL -> serial = v;
            case SOFTWARE -> software = v;
            default -> {
            }
        }
    }

    private static boolean wanted(int tag) {
        return tag == CHARSET || tag == MODALITY || tag == MANUFACTURER || tag == INSTITUTION || tag == STATION
                || tag == MODEL || tag == SERIAL || tag == SOFTWARE;
    }

    /** Two upper-case letters: the VRs of PS3.5 Table 6.2-1 all are. */
    static boolean isVr(byte a, byte b) {
        return a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z';
    }

    /** VRs with a 2-byte reserved field and a 32-bit length (PS3.5 7.1.2). */
    static boolean isLongVr(byte a, byte b) {
        return switch (a) {
            case 'O' -> b == 'B' || b == 'D' || b == 'F' || b == 'L' || b == 'V' || b == 'W';
            case 'S' -> b == 'Q' || b == 'V';
            case 'U' -> b == 'C' || b == 'N' || b == 'R' || b == 'T' || b == 'V';
            default -> false;
        };
    }

    private int u16(int off) {
        return bigEndian ? ((hdr[off] & 0xFF) << 8) | (hdr[off + 1] & 0xFF)
                : (hdr[off] & 0xFF) | ((hdr[off + 1] & 0xFF) << 8);
    }

    private long u32(int off) {
        if (bigEndian) {
            return ((hdr[off] & 0xFFL) << 24) | ((hdr[off + 1] & 0xFFL) << 16) | ((hdr[off + 2] & 0xFFL) << 8) | (hdr[off + 3] & 0xFFL);
        }
        return (hdr[off] & 0xFFL) | ((hdr[off + 1] & 0xFFL) << 8) | ((hdr[off + 2] & 0xFFL) << 16) | ((hdr[off + 3] & 0xFFL) << 24);
    }
}
