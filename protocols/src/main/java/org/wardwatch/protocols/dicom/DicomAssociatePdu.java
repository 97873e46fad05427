package org.wardwatch.protocols.dicom;

import java.util.ArrayList;
import java.util.List;

/**
 * Parser of the variable part of A-ASSOCIATE-RQ and -AC PDUs (PS3.8 9.3.2, 9.3.3, Annex D). Every length
 * is checked against its enclosing item; a bad item stops the parse and sets {@link #malformed}, keeping
 * what was read before it (partial is fine).
 */
final class DicomAssociatePdu {
    static final int MAX_CONTEXTS = 128;
    static final int MAX_TRANSFER_SYNTAXES = 32;

    /** One presentation context item (0x20 in RQ, 0x21 in AC). */
    record Context(int id, int result, String abstractSyntax, List<String> transferSyntaxes) {
    }

    int protocolVersion;
    String calledAe;
    String callingAe;
    String applicationContext;
    final List<Context> contexts = new ArrayList<>();
    String implementationClassUid;
    String implementationVersionName;
    long maxPduLength = -1;
    int asyncInvoked = -1;
    int asyncPerformed = -1;
    int userIdentityType = -1;
    boolean userIdentityResponseRequested;
    boolean userIdentityAccepted;
    boolean malformed;
    boolean contextsCapped;

    /**
     * @param body the PDU after its 6-byte header; {@code len} is the PDU length field
     */
    static DicomAssociatePdu parse(byte[] b, int off, int len) {
        DicomAssociatePdu p = new DicomAssociatePdu();
        if (len < 68) {
            p.malformed = true;
            return p;
        }
        p.protocolVersion = u16(b, off);
        p.calledAe = DicomText.trimmed(b, off + 4, 16, 16, false);
        p.callingAe = DicomText.trimmed(b, off + 20, 16, 16, false);
        int pos = off + 68;
        int end = off + len;
        while (pos < end) {
            if (end - pos < 4) {
                p.malformed = true;
                break;
            }
            int type = b[pos] & 0xFF;
            int itemLen = u16(b, pos + 2);
            int v = pos + 4;
            if (itemLen > end - v) {
                p.malformed = true;
                break;
            }
            switch (type) {
                case 0x10 -> p.applicationContext = DicomText.trimmed(b, v, itemLen, 64, false);
                case 0x20, 0x21 -> p.parseContext(b, v, itemLen, type == 0x21);
                case 0x50 -> p.parseUserInformation(b, v, itemLen);
                default -> p.malformed = true; // unknown item type: skipped, flagged
            }
            pos = v + itemLen;
        }
        return p;
    }

    private void parseContext(byte[] b, int off, int len, boolean accept) {
        if (len < 4) {
            malformed = true;
            return;
        }
        if (contexts.size() >= MAX_CONTEXTS) {
            contextsCapped = true;
            return;
        }
        int id = b[off] & 0xFF;
        int result = accept ? b[off + 2] & 0xFF : -1;
        String abstractSyntax = null;
        List<String> ts = new ArrayList<>();
        int pos = off + 4, end = off + len;
        while (pos < end) {
            if (end - pos < 4) {
                malformed = true;
                break;
            }
            int type = b[pos] & 0xFF;
            int subLen = u16(b, pos + 2);
            int v = pos + 4;
            if (subLen > end - v) {
                malformed = true;
                break;
            }
            if (type == 0x30) {
                abstractSyntax = DicomText.trimmed(b, v, subLen, 64, false);
            } else if (type == 0x40) {
                if (ts.size() < MAX_TRANSFER_SYNTAXES) {
                    String uid = DicomText.trimmed(b, v, subLen, 64, false);
                    if (uid != null) {
                        ts.add(uid);
                    }
                }
            } else {
                malformed = true;
            }
            pos = v + subLen;
        }
        contexts.add(new Context(id, result, abstractSyntax, ts));
    }

    private void parseUserInformation(byte[] b, int off, int len) {
        int pos = off, end = off + len;
        while (pos < end) {
            if (end - pos < 4) {
                malformed = true;
                break;
            }
            int type = b[pos] & 0xFF;
            int subLen = u16(b, pos + 2);
            int v = pos + 4;
            if (subLen > end - v) {
                malformed = true;
                break;
            }
            switch (type) {
                case 0x51 -> {
                    if (subLen >= 4) {
                        maxPduLength = u32(b, v);
                    }
                }
                case 0x52 -> implementationClassUid = DicomText.trimmed(b, v, subLen, 64, false);
                case 0x53 -> {
                    if (subLen >= 4) {
                        asyncInvoked = u16(b, v);
                        asyncPerformed = u16(b, v + 2);
                    }
                }
                case 0x55 -> implementationVersionName = DicomText.trimmed(b, v, subLen, 16, false);
                case 0x58 -> {
                    // user identity RQ (PS3.7 D.3.3.7.1): type, positive-response-requested, then the secret
                    // fields, which are never read
                    if (subLen >= 2) {
                        userIdentityType = b[v] & 0xFF;
                        userIdentityResponseRequested = b[v + 1] == 1;
                    }
                }
                case 0x59 -> userIdentityAccepted = true;
                default -> {
                    // 0x54 role selection, 0x56/0x57 extended negotiation: not reported
                }
            }
            pos = v + subLen;
        }
    }

    static String userIdentityTypeName(int t) {
        return switch (t) {
            case -1 -> null;
            case 1 -> "username";
            case 2 -> "username_passcode";
            case 3 -> "kerberos";
            case 4 -> "saml";
            case 5 -> "jwt";
            default -> "type_" + t;
        };
    }

    static String contextResultName(int r) {
        return switch (r) {
            case 0 -> "acceptance";
            case 1 -> "user_rejection";
            case 2 -> "no_reason";
            case 3 -> "abstract_syntax_not_supported";
            case 4 -> "transfer_syntaxes_not_supported";
            default -> "reserved_" + r;
        };
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
