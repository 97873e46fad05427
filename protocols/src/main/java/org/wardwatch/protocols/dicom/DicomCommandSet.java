package org.wardwatch.protocols.dicom;

/**
 * A DIMSE command set (PS3.7 chapter 9.3/10.3, elements of group 0000), always Implicit VR Little Endian
 * (PS3.7 6.3.1). Only the fields wardwatch reports are kept; Error Comment (0000,0902) is free text and
 * is never read.
 */
final class DicomCommandSet {
    static final int NO_DATA_SET = 0x0101;

    int commandField = -1;
    Integer messageId;
    Integer messageIdBeingRespondedTo;
    String affectedSopClass;
    String requestedSopClass;
    String affectedSopInstance;
    String requestedSopInstance;
    String moveDestination;
    Integer priority;
    int dataSetType = NO_DATA_SET;
    Integer status;
    Integer completed;
    Integer failed;
    boolean malformed;

    static DicomCommandSet parse(byte[] b, int off, int len) {
        DicomCommandSet c = new DicomCommandSet();
        int pos = off, end = off + len;
        while (pos < end) {
            if (end - pos < 8) {
                c.malformed = true;
                break;
            }
            int group = u16le(b, pos);
            int element = u16le(b, pos + 2);
            long vl = u32le(b, pos + 4);
            int v = pos + 8;
            if (group != 0x0000 || vl > end - v) {
                c.malformed = true;
                break;
            }
            int n = (int) vl;
            switch (element) {
                case 0x0002 -> c.affectedSopClass = DicomText.trimmed(b, v, n, 64, false);
                case 0x0003 -> c.requestedSopClass = DicomText.trimmed(b, v, n, 64, false);
                case 0x0100 -> c.commandField = n >= 2 ? u16le(b, v) : -1;
                case 0x0110 -> c.messageId = n >= 2 ? u16le(b, v) : null;
                case 0x0120 -> c.messageIdBeingRespondedTo = n >= 2 ? u16le(b, v) : null;
                case 0x0600 -> c.moveDestination = DicomText.trimmed(b, v, n, 16, false);
                case 0x0700 -> c.priority = n >= 2 ? u16le(b, v) : null;
                case 0x0800 -> c.dataSetType = n >= 2 ? u16le(b, v) : NO_DATA_SET;
                case 0x0900 -> c.status = n >= 2 ? u16le(b, v) : null;
                case 0x1000 -> c.affectedSopInstance = DicomText.trimmed(b, v, n, 64, false);
                case 0x1001 -> c.requestedSopInstance = DicomText.trimmed(b, v, n, 64, false);
                case 0x1021 -> c.completed = n >= 2 ? u16le(b, v) : null;
                case 0x1022 -> c.failed = n >= 2 ? u16le(b, v) : null;
                default -> {
                }
            }
            pos = v + n;
        }
        return c;
    }

    boolean hasDataSet() {
        return dataSetType != NO_DATA_SET;
    }

    boolean isResponse() {
        return (commandField & 0x8000) != 0;
    }

    /** C-FIND/C-GET/C-MOVE pending: FF00, FF01 (PS3.4 C.4). */
    boolean isPending() {
        return status != null && (status == 0xFF00 || status == 0xFF01);
    }

    String name() {
        return commandName(commandField);
    }

    static String commandName(int field) {
        String base = switch (field & 0x7FFF) {
            case 0x0001 -> "C-STORE";
            case 0x0010 -> "C-GET";
            case 0x0020 -> "C-FIND";
            case 0x0021 -> "C-MOVE";
            case 0x0030 -> "C-ECHO";
            case 0x0100 -> "N-EVENT-REPORT";
            case 0x0110 -> "N-GET";
            case 0x0120 -> "N-SET";
            case 0x0130 -> "N-ACTION";
            case 0x0140 -> "N-CREATE";
            case 0x0150 -> "N-DELETE";
            case 0x0FFF -> "C-CANCEL";
            default -> null;
        };
        if (base == null || field < 0) {
            return String.format("DIMSE_%04X", field & 0xFFFF);
        }
        return base + ((field & 0x8000) != 0 ? "-RSP" : "-RQ");
    }

    /** PS3.7 Annex C status classes. */
    static String statusCategory(Integer status) {
        if (status == null) {
            return null;
        }
        int s = status;
        if (s == 0x0000) {
            return "success";
        }
        if (s == 0xFF00 || s == 0xFF01) {
            return "pending";
        }
        if (s == 0xFE00) {
            return "cancel";
        }
        if (s == 0x0001 || s == 0x0107 || s == 0x0116 || (s & 0xF000) == 0xB000) {
            return "warning";
        }
        return "failure";
    }

    static int u16le(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8);
    }

    static long u32le(byte[] b, int off) {
        return (b[off] & 0xFFL) | ((b[off + 1] & 0xFFL) << 8) | ((b[off + 2] & 0xFFL) << 16) | ((b[off + 3] & 0xFFL) << 24);
    }
}
