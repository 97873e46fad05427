package org.wardwatch.protocols.ntlm;

import org.wardwatch.model.obs.ntlm.NtlmAuthenticateSeen;
import org.wardwatch.model.obs.ntlm.NtlmChallengeSeen;
import org.wardwatch.model.obs.ntlm.NtlmNegotiateSeen;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * Decodes NTLMSSP messages ([MS-NLMP] 2.2.1 NEGOTIATE, CHALLENGE, AUTHENTICATE; 2.2.2.1 AV_PAIR;
 * 2.2.2.10 VERSION) found inside another protocol's security blob (SMB SESSION_SETUP, HTTP
 * "Authorization: NTLM"). Callers locate the message with {@link #find}.
 *
 * <p>Every field's offset and length come from the wire and are checked against the message. User names,
 * responses, session keys and MIC are never kept: only whether a user name was present, whether the
 * session was anonymous and whether NTLMv2 was used.
 *
 * <p>Known gaps: the OEM code page of non-Unicode strings is taken as ISO-8859-1; the VERSION of an
 * AUTHENTICATE message is read only when the payload starts at or after offset 72 (older clients have
 * no VERSION field there), as Wireshark does.
 */
public final class NtlmsspDecoder {
    static final int NEGOTIATE_UNICODE = 0x00000001;
    static final int NEGOTIATE_OEM_DOMAIN_SUPPLIED = 0x00001000;
    static final int NEGOTIATE_OEM_WORKSTATION_SUPPLIED = 0x00002000;
    static final int NEGOTIATE_VERSION = 0x02000000;

    private static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    private static final int MAX_NAME_CHARS = 256;

    private NtlmsspDecoder() {
    }

    /** Offset of the first "NTLMSSP\0" signature in [off, off+len), or -1. */
    public static int find(byte[] b, int off, int len) {
        int end = Math.min(b.length, off + len) - SIGNATURE.length;
        outer:
        for (int i = Math.max(off, 0); i <= end; i++) {
            for (int j = 0; j < SIGNATURE.length; j++) {
                if (b[i + j] != SIGNATURE[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Decodes the message at {@code off} (its signature included; {@code len} = bytes available to its
     * end) and emits its observation. Returns the message type (1, 2, 3) or 0 when malformed; anomalies
     * are named {@code <carrier>_ntlmssp_...}.
     */
    public static int decode(byte[] b, int off, int len, String carrier, AnalyzerContext ctx) {
        if (len > b.length - off) {
            len = b.length - off;
        }
        if (off < 0 || len < 12 || find(b, off, SIGNATURE.length) != off) {
            ctx.anomaly(carrier + "_ntlmssp_truncated");
            return 0;
        }
        int type = (int) WireText.u32le(b, off + 8);
        switch (type) {
            case 1 -> {
                return negotiate(b, off, len, carrier, ctx) ? 1 : 0;
            }
            case 2 -> {
                return challenge(b, off, len, carrier, ctx) ? 2 : 0;
            }
            case 3 -> {
                return authenticate(b, off, len, carrier, ctx) ? 3 : 0;
            }
            default -> {
                ctx.anomaly(carrier + "_ntlmssp_unknown_message_type");
                return 0;
            }
        }
    }

    private static boolean negotiate(byte[] b, int off, int len, String carrier, AnalyzerContext ctx) {
        if (len < 16) {
            ctx.anomaly(carrier + "_ntlmssp_truncated");
            return false;
        }
        int flags = (int) WireText.u32le(b, off + 12);
        String domain = null;
        String workstation = null;
        if (len >= 32) {
            if ((flags & NEGOTIATE_OEM_DOMAIN_SUPPLIED) != 0) {
                domain = field(b, off, len, 16, false, carrier, ctx);
            }
            if ((flags & NEGOTIATE_OEM_WORKSTATION_SUPPLIED) != 0) {
                workstation = field(b, off, len, 24, false, carrier, ctx);
            }
        }
        int[] version = (flags & NEGOTIATE_VERSION) != 0 && len >= 40 ? version(b, off + 32) : null;
        ctx.emit(new NtlmNegotiateSeen(ctx.ts(), ctx.flow(), carrier, domain, workstation,
                version == null ? null : version[0], version == null ? null : version[1],
                version == null ? null : version[2]));
        return true;
    }

    private static boolean challenge(byte[] b, int off, int len, String carrier, AnalyzerContext ctx) {
        if (len < 32) {
            ctx.anomaly(carrier + "_ntlmssp_truncated");
            return false;
        }
        int flags = (int) WireText.u32le(b, off + 20);
        boolean unicode = (flags & NEGOTIATE_UNICODE) != 0;
        String targetName = field(b, off, len, 12, unicode, carrier, ctx);
        String nbComputer = null, nbDomain = null, dnsComputer = null, dnsDomain = null, dnsTree = null;
        if (len >= 48) {
            int infoLen = WireText.u16le(b, off + 40);
            long infoOff = WireText.u32le(b, off + 44);
            if (infoLen > 0) {
                if (infoOff + infoLen > len) {
                    ctx.anomaly(carrier + "_ntlmssp_field_out_of_bounds");
                } else {
                    // MS-NLMP 2.2.2.1: AvId (2), AvLen (2), value; MsvAvEOL ends the list
                    int p = off + (int) infoOff;
                    int end = p + infoLen;
                    while (p + 4 <= end) {
                        int id = WireText.u16le(b, p);
                        int avLen = WireText.u16le(b, p + 2);
                        p += 4;
                        if (id == 0) {
                            break;
                        }
                        if (avLen > end - p) {
                            ctx.anomaly(carrier + "_ntlmssp_av_pair_truncated");
                            break;
                        }
                        String value = id >= 1 && id <= 5 ? WireText.utf16le(b, p, avLen, MAX_NAME_CHARS) : null;
                        switch (id) {
                            case 1 -> nbComputer = value;
                            case 2 -> nbDomain = value;
                            case 3 -> dnsComputer = value;
                            case 4 -> dnsDomain = value;
                            case 5 -> dnsTree = value;
                            default -> {
                            }
                        }
                        p += avLen;
                    }
                }
            }
        }
        int[] version = (flags & NEGOTIATE_VERSION) != 0 && len >= 56 ? version(b, off + 48) : null;
        ctx.emit(new NtlmChallengeSeen(ctx.ts(), ctx.flow(), carrier, targetName, nbComputer, nbDomain, dnsComputer,
                dnsDomain, dnsTree, version == null ? null : version[0], version == null ? null : version[1],
                version == null ? null : version[2]));
        return true;
    }

    private static boolean authenticate(byte[] b, int off, int len, String carrier, AnalyzerContext ctx) {
        if (len < 64) {
            ctx.anomaly(carrier + "_ntlmssp_truncated");
            return false;
        }
        int flags = (int) WireText.u32le(b, off + 60);
        boolean unicode = (flags & NEGOTIATE_UNICODE) != 0;
        int lmLen = WireText.u16le(b, off + 12);
        int ntLen = WireText.u16le(b, off + 20);
        int userLen = WireText.u16le(b, off + 36);
        String domain = field(b, off, len, 28, unicode, carrier, ctx);
        String workstation = field(b, off, len, 44, unicode, carrier, ctx);
        // the smallest payload offset tells whether the optional VERSION (and MIC) fields are there
        long minPayload = Long.MAX_VALUE;
        for (int f = 12; f <= 52; f += 8) {
            if (WireText.u16le(b, off + f) > 0) {
                minPayload = Math.min(minPayload, WireText.u32le(b, off + f + 4));
            }
        }
        int[] version = (flags & NEGOTIATE_VERSION) != 0 && len >= 72 && minPayload >= 72 ? version(b, off + 64) : null;
        boolean anonymous = userLen == 0 && ntLen == 0 && lmLen <= 1;
        ctx.emit(new NtlmAuthenticateSeen(ctx.ts(), ctx.flow(), carrier, domain, workstation, userLen > 0, anonymous,
                ntLen > 24, version == null ? null : version[0], version == null ? null : version[1],
                version == null ? null : version[2]));
        return true;
    }

    /** A security buffer (Len 2, MaxLen 2, Offset 4 at {@code fieldAt}) as text; null when empty or out of bounds. */
    private static String field(byte[] b, int off, int len, int fieldAt, boolean unicode, String carrier, AnalyzerContext ctx) {
        int fLen = WireText.u16le(b, off + fieldAt);
        long fOff = WireText.u32le(b, off + fieldAt + 4);
        if (fLen == 0) {
            return null;
        }
        if (fOff + fLen > len) {
            ctx.anomaly(carrier + "_ntlmssp_field_out_of_bounds");
            return null;
        }
        int p = off + (int) fOff;
        String s = unicode ? WireText.utf16le(b, p, fLen, MAX_NAME_CHARS) : WireText.latin1(b, p, fLen, MAX_NAME_CHARS);
        return s == null || s.isEmpty() ? null : s;
    }

    /** VERSION (MS-NLMP 2.2.2.10): major, minor, build. */
    private static int[] version(byte[] b, int at) {
        return new int[] {b[at] & 0xFF, b[at + 1] & 0xFF, WireText.u16le(b, at + 2)};
    }
}
