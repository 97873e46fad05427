package org.wardwatch.protocols.smb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wardwatch.model.obs.smb.SmbCompressedMessagesSeen;
import org.wardwatch.model.obs.smb.SmbEncryptedSessionSeen;
import org.wardwatch.model.obs.smb.SmbNegotiated;
import org.wardwatch.model.obs.smb.SmbSessionSetupSeen;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.ntlm.NtlmsspDecoder;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * SMB analyzer: NetBIOS session framing (RFC 1002 4.3; direct TCP per [MS-SMB2] 2.1), SMB1 NEGOTIATE
 * and SESSION_SETUP_ANDX ([MS-CIFS] 2.2.4.52-53, [MS-SMB] 2.2.4.5-6), SMB2/3 NEGOTIATE and
 * SESSION_SETUP ([MS-SMB2] 2.2.3-6), and the NTLMSSP messages inside session setups ([MS-NLMP]).
 *
 * <p>Only the messages that identify the peers are buffered whole (up to {@link #MAX_MESSAGE});
 * every other message is skipped by its NetBIOS length without being held, so file transfers cost
 * nothing. After {@link #MAX_MESSAGES} messages the analyzer is {@code done}: identification happens
 * at the start of a connection.
 *
 * <p>Encrypted SMB 3 ([MS-SMB2] 2.2.41 TRANSFORM_HEADER, 0xFD 'SMB') is recognised by its header and
 * never decrypted nor parsed as an SMB2 message: each session's transform messages are counted and
 * reported at the end as {@link SmbEncryptedSessionSeen}, with the cipher from the 3.1.1 NEGOTIATE
 * response's encryption context (2.2.3.1.2) or implied by dialect 3.0 / 3.0.2, and the session's
 * SMB2_SESSION_FLAG_ENCRYPT_DATA and its TREE_CONNECT responses' SMB2_SHAREFLAG_ENCRYPT_DATA. Compressed messages (2.2.42, 0xFC 'SMB') likewise become one
 * {@link SmbCompressedMessagesSeen} per flow. Counters {@code smb_encrypted_message} and
 * {@code smb_compressed_message} count them too.
 *
 * <p>Known gaps: only the first command of an SMB2 compound is looked at; SMB1 over NetBIOS datagrams (UDP 138,
 * browser announcements) is the nbdgm analyzer's.
 */
final class SmbAnalyzer implements Analyzer {
    static final int MAX_MESSAGE = 60 * 1024;
    static final int MAX_MESSAGES = 256;
    private static final int MAX_DIALECTS = 64;

    private static final int MAX_RESYNC_CHUNKS = 8;
    private static final int MAX_SESSIONS = 16;
    private static final int MAX_COMPRESSION_ALGORITHMS = 8;
    static final int TRANSFORM_HEADER = 52;
    static final int COMPRESSION_HEADER = 16;

    /** What is known about one SMB2 session of the connection. */
    private static final class Session {
        Instant first;
        Boolean encryptData;
        Boolean shareEncryptData;
        long encrypted;
    }

    private final long[] skip = new long[2];
    private boolean confirmed;
    private int resyncs;
    private int messages;
    private List<String> offered;
    private boolean offeredSmb1;
    private boolean pendingNegotiate;
    private String dialect;
    private String cipher;
    private Map<Long, Session> sessions;
    private List<String> compressionAlgorithms;
    private boolean compressionChained;
    private long compressed;
    private Instant firstCompressed;

    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        int dir = fromClient ? 0 : 1;
        int p = offset;
        int end = offset + length;
        while (p < end) {
            if (skip[dir] > 0) {
                int n = (int) Math.min(skip[dir], end - p);
                skip[dir] -= n;
                p += n;
                continue;
            }
            if (end - p < 4) {
                break;
            }
            int type = data[p] & 0xFF;
            int bodyLen = ((data[p + 1] & 0xFF) << 16) | ((data[p + 2] & 0xFF) << 8) | (data[p + 3] & 0xFF);
            if (type != 0) {
                if (type < 0x81 || type > 0x85) {
                    int at = resync(data, p, end);
                    if (at >= 0) {
                        p = at;
                        continue;
                    }
                    return bad(ctx, "smb_nbss_bad_type", length);
                }
                skip[dir] = 4L + bodyLen; // session request/response/keepalive: nothing to identify
                continue;
            }
            int need = Math.min(bodyLen, 16);
            if (end - p - 4 < need) {
                break;
            }
            if (bodyLen < 4) {
                ctx.anomaly("smb_message_truncated");
                skip[dir] = 4L + bodyLen;
                continue;
            }
            int proto = data[p + 4] & 0xFF;
            if (data[p + 5] != 'S' || data[p + 6] != 'M' || data[p + 7] != 'B'
                    || (proto != 0xFF && proto != 0xFE && proto != 0xFD && proto != 0xFC)) {
                int at = resync(data, p + 1, end);
                if (at >= 0) {
                    p = at;
                    continue;
                }
                return bad(ctx, "smb_bad_protocol_id", length);
            }
            if (!confirmed) {
                confirmed = true;
                ctx.confirm();
            }
            boolean wanted = interesting(proto, data, p + 4, bodyLen);
            if (wanted && bodyLen <= MAX_MESSAGE && end - p - 4 < bodyLen) {
                break; // wait for the whole message
            }
            int transformHeader = proto == 0xFD ? TRANSFORM_HEADER : proto == 0xFC ? COMPRESSION_HEADER : 0;
            if (bodyLen >= transformHeader && end - p - 4 < transformHeader) {
                break; // wait for the transform header: its payload is skipped unread
            }
            if (++messages > MAX_MESSAGES) {
                ctx.done();
                return length;
            }
            if (wanted) {
                if (bodyLen > MAX_MESSAGE) {
                    ctx.anomaly("smb_message_over_cap");
                    skip[dir] = 4L + bodyLen;
                    continue;
                }
                if (proto == 0xFF) {
                    smb1(fromClient, data, p + 4, bodyLen, ctx);
                } else {
                    smb2(fromClient, data, p + 4, bodyLen, ctx);
                }
                p += 4 + bodyLen;
            } else {
                if (proto == 0xFD) {
                    ctx.anomaly("smb_encrypted_message"); // counted: encrypted SMB3 hides everything after
                    encrypted(data, p + 4, bodyLen, ctx);
                } else if (proto == 0xFC) {
                    ctx.anomaly("smb_compressed_message");
                    compressed(data, p + 4, bodyLen, ctx);
                }
                skip[dir] = 4L + bodyLen;
            }
        }
        return p - offset;
    }

    /**
     * A capture that starts in the middle of a connection starts in the middle of a message: before the
     * flow is confirmed, look in the bytes at hand for a NetBIOS header followed by an SMB protocol id
     * and continue from there (at most {@link #MAX_RESYNC_CHUNKS} times). Returns the offset or -1.
     */
    private int resync(byte[] b, int from, int end) {
        if (confirmed || resyncs >= MAX_RESYNC_CHUNKS) {
            return -1;
        }
        resyncs++;
        for (int i = from; i + 8 <= end; i++) {
            int proto = b[i + 4] & 0xFF;
            if (b[i] == 0 && b[i + 5] == 'S' && b[i + 6] == 'M' && b[i + 7] == 'B'
                    && (proto == 0xFF || proto == 0xFE || proto == 0xFD || proto == 0xFC)) {
                return i;
            }
        }
        return -1;
    }

    private int bad(AnalyzerContext ctx, String anomaly, int length) {
        if (!confirmed && resyncs > 0 && resyncs < MAX_RESYNC_CHUNKS) {
            return length; // mid-stream start: keep looking in the next bytes
        }
        ctx.anomaly(anomaly);
        if (!confirmed) {
            ctx.violation(anomaly);
        } else {
            ctx.done(); // framing lost: nothing after this can be trusted
        }
        return length;
    }

    /** NEGOTIATE or SESSION_SETUP, judged from the header bytes already available. */
    private static boolean interesting(int proto, byte[] b, int h, int len) {
        if (proto == 0xFF) {
            int cmd = len > 4 ? b[h + 4] & 0xFF : -1;
            return cmd == 0x72 || cmd == 0x73;
        }
        if (proto == 0xFE && len >= 14) {
            int cmd = WireText.u16le(b, h + 12);
            return cmd == 0 || cmd == 1 || cmd == 3;
        }
        return false;
    }

    // ---- SMB1 ([MS-CIFS] 2.2.3.1: 32-byte header, then WordCount, words, ByteCount, bytes)

    private void smb1(boolean fromClient, byte[] b, int h, int len, AnalyzerContext ctx) {
        if (len < 35) {
            ctx.anomaly("smb_v1_header_truncated");
            return;
        }
        int cmd = b[h + 4] & 0xFF;
        boolean reply = (b[h + 9] & 0x80) != 0;
        int flags2 = WireText.u16le(b, h + 10);
        long status = WireText.u32le(b, h + 5);
        int wc = b[h + 32] & 0xFF;
        int words = h + 33;
        int bcAt = words + 2 * wc;
        if (bcAt + 2 > h + len) {
            ctx.anomaly("smb_v1_words_truncated");
            return;
        }
        int byteCount = WireText.u16le(b, bcAt);
        int bytes = bcAt + 2;
        int bytesEnd = Math.min(h + len, bytes + byteCount);
        if (bytes + byteCount > h + len) {
            ctx.anomaly("smb_v1_bytes_truncated");
        }
        if (cmd == 0x72) {
            if (!reply) {
                negotiateRequestSmb1(b, bytes, bytesEnd, ctx);
            } else {
                int index = wc >= 1 ? WireText.u16le(b, words) : 0xFFFF;
                Boolean signing = wc >= 17 ? (b[words + 2] & 0x08) != 0 : null;
                String chosen = offered != null && index < offered.size() ? offered.get(index) : null;
                if (index != 0xFFFF && chosen == null) {
                    chosen = "index " + index; // the request was not seen
                }
                emitNegotiated(ctx, chosen, index != 0xFFFF, signing, null);
            }
        } else if (cmd == 0x73) {
            boolean unicode = (flags2 & 0x8000) != 0;
            boolean extendedSecurity = (flags2 & 0x0800) != 0;
            int blobLen = 0;
            int skipStrings = 0;
            boolean guest = false;
            if (!reply && wc == 12) {
                blobLen = WireText.u16le(b, words + 14);
            } else if (reply && wc == 4) {
                guest = (WireText.u16le(b, words + 4) & 1) != 0;
                blobLen = WireText.u16le(b, words + 6);
            } else if (reply && wc == 3) {
                guest = (WireText.u16le(b, words + 4) & 1) != 0;
            } else if (!reply && wc == 13) {
                // non-extended security: the two passwords, then AccountName and PrimaryDomain precede NativeOS
                blobLen = WireText.u16le(b, words + 14) + WireText.u16le(b, words + 16);
                skipStrings = 2;
            } else if (wc != 0) {
                ctx.anomaly("smb_v1_session_setup_unexpected_word_count");
                return;
            }
            if (blobLen > bytesEnd - bytes) {
                ctx.anomaly("smb_v1_security_blob_truncated");
                blobLen = bytesEnd - bytes;
            }
            String mechanism = extendedSecurity || wc == 12 || wc == 4
                    ? mechanism(b, bytes, blobLen, ctx) : (blobLen > 0 ? "password" : "none");
            // NativeOS and NativeLanMan follow the blob; Unicode strings are 2-byte aligned from the header
            int s = bytes + blobLen;
            String nativeOs = null;
            String nativeLanMan = null;
            if (unicode && ((s - h) & 1) != 0) {
                s++;
            }
            for (int i = 0; i < skipStrings && s < bytesEnd; i++) {
                s = stringEnd(b, s, bytesEnd, unicode) + (unicode ? 2 : 1); // the account name is not kept
            }
            if (s < bytesEnd) {
                int e = stringEnd(b, s, bytesEnd, unicode);
                nativeOs = text(b, s, e, unicode);
                s = e + (unicode ? 2 : 1);
                if (s < bytesEnd) {
                    int e2 = stringEnd(b, s, bytesEnd, unicode);
                    nativeLanMan = text(b, s, e2, unicode);
                }
            }
            ctx.emit(new SmbSessionSetupSeen(ctx.ts(), ctx.flow(), !reply, 1, mechanism,
                    reply ? status(status) : null, guest, nativeOs, nativeLanMan));
        }
    }

    private void negotiateRequestSmb1(byte[] b, int p, int end, AnalyzerContext ctx) {
        List<String> dialects = new ArrayList<>();
        // each dialect: BufferFormat 0x02, then an OEM string ending in NUL
        while (p < end && dialects.size() < MAX_DIALECTS) {
            if (b[p] != 0x02) {
                ctx.anomaly("smb_v1_dialect_bad_buffer_format");
                break;
            }
            int s = p + 1;
            int e = s;
            while (e < end && b[e] != 0) {
                e++;
            }
            dialects.add(WireText.latin1(b, s, e - s, 64));
            p = e + 1;
        }
        offered = dialects;
        offeredSmb1 = true;
        pendingNegotiate = true;
    }

    // ---- SMB2/3 ([MS-SMB2] 2.2.1: 64-byte header)

    private void smb2(boolean fromClient, byte[] b, int h, int len, AnalyzerContext ctx) {
        if (len < 64 + 2) {
            ctx.anomaly("smb_v2_header_truncated");
            return;
        }
        int cmd = WireText.u16le(b, h + 12);
        boolean response = (WireText.u32le(b, h + 16) & 1) != 0;
        long status = WireText.u32le(b, h + 8);
        int body = h + 64;
        int end = h + len;
        // one method per command: each is compiled on its own, as its traffic needs
        if (cmd == 0) {
            if (!response) {
                negotiateRequestSmb2(b, body, end, ctx);
            } else {
                negotiateResponseSmb2(b, h, body, end, status, ctx);
            }
        } else if (cmd == 3) {
            // TREE_CONNECT response (2.2.10): StructureSize 2, ShareType 1, Reserved 1, ShareFlags 4
            if (response && status == 0 && end - body >= 8) {
                Session s = session(WireText.u32le(b, h + 40) | (WireText.u32le(b, h + 44) << 32), ctx);
                if (s != null) {
                    boolean encrypt = (WireText.u32le(b, body + 4) & 0x8000) != 0; // SMB2_SHAREFLAG_ENCRYPT_DATA
                    s.shareEncryptData = encrypt || Boolean.TRUE.equals(s.shareEncryptData);
                }
            }
        } else if (cmd == 1) {
            if (!response) {
                if (end - body < 24) {
                    ctx.anomaly("smb_v2_session_setup_truncated");
                    return;
                }
                blobOnly(b, h, end, WireText.u16le(b, body + 12), WireText.u16le(b, body + 14), ctx);
            } else {
                sessionSetupResponseSmb2(b, h, body, end, status, ctx);
            }
        }
    }

    private void negotiateRequestSmb2(byte[] b, int body, int end, AnalyzerContext ctx) {
        if (end - body < 36) {
            ctx.anomaly("smb_v2_negotiate_truncated");
            return;
        }
        int count = WireText.u16le(b, body + 2);
        List<String> dialects = new ArrayList<>();
        for (int i = 0; i < count && i < MAX_DIALECTS; i++) {
            int at = body + 36 + 2 * i;
            if (at + 2 > end) {
                ctx.anomaly("smb_v2_negotiate_truncated");
                break;
            }
            dialects.add(dialectName(WireText.u16le(b, at)));
        }
        // a client that first sent an SMB1 NEGOTIATE continues the same negotiation
        offered = dialects;
        offeredSmb1 = false;
        pendingNegotiate = true;
    }

    private void negotiateResponseSmb2(byte[] b, int h, int body, int end, long status, AnalyzerContext ctx) {
        if (end - body < 8 || status != 0) {
            if (status != 0) {
                emitNegotiated(ctx, null, false, null, null);
            } else {
                ctx.anomaly("smb_v2_negotiate_truncated");
            }
            return;
        }
        int securityMode = WireText.u16le(b, body + 2);
        int dialect = WireText.u16le(b, body + 4);
        String guid = end - body >= 24 ? guid(b, body + 8) : null;
        this.dialect = dialectName(dialect);
        cipher = cipher(b, h, body, end, dialect, ctx);
        emitNegotiated(ctx, dialectName(dialect), false, (securityMode & 0x02) != 0, guid);
    }

    private void sessionSetupResponseSmb2(byte[] b, int h, int body, int end, long status, AnalyzerContext ctx) {
        if (end - body < 8) {
            ctx.anomaly("smb_v2_session_setup_truncated");
            return;
        }
        int sessionFlags = WireText.u16le(b, body + 2);
        if (status == 0) {
            Session s = session(WireText.u32le(b, h + 40) | (WireText.u32le(b, h + 44) << 32), ctx);
            if (s != null) {
                s.encryptData = (sessionFlags & 0x0004) != 0; // SMB2_SESSION_FLAG_ENCRYPT_DATA
            }
        }
        String mech = blobOnly(b, h, end, WireText.u16le(b, body + 4), WireText.u16le(b, body + 6), ctx);
        ctx.emit(new SmbSessionSetupSeen(ctx.ts(), ctx.flow(), false, 2, mech, status(status),
                (sessionFlags & 0x3) != 0, null, null));
    }

    /** Decodes the security buffer at header-relative {@code off}; returns its mechanism. */
    private static String blobOnly(byte[] b, int h, int end, int off, int len, AnalyzerContext ctx) {
        if (len == 0) {
            return "none";
        }
        if (off < 64 || h + off + len > end) {
            ctx.anomaly("smb_v2_security_buffer_out_of_bounds");
            return "other";
        }
        return mechanism(b, h + off, len, ctx);
    }

    private static String mechanism(byte[] b, int p, int len, AnalyzerContext ctx) {
        if (len <= 0) {
            return "none";
        }
        int at = NtlmsspDecoder.find(b, p, len);
        if (at >= 0) {
            NtlmsspDecoder.decode(b, at, p + len - at, "smb", ctx);
            return "ntlmssp";
        }
        return kerberosToken(b, p, len) ? "kerberos" : "other";
    }

    /** A Kerberos OID (RFC 4121 1.2.840.113554.1.2.2 or Microsoft's 1.2.840.48018.1.2.2) followed by an AP-REQ/AP-REP token id. */
    private static boolean kerberosToken(byte[] b, int p, int len) {
        int end = p + len - 13;
        for (int i = p; i <= end; i++) {
            if (b[i] == 0x06 && b[i + 1] == 0x09 && b[i + 2] == 0x2a && b[i + 3] == (byte) 0x86 && b[i + 4] == 0x48
                    && (b[i + 5] == (byte) 0x86 || b[i + 5] == (byte) 0x82) && b[i + 6] == (byte) 0xf7
                    && b[i + 7] == 0x12 && b[i + 8] == 0x01 && b[i + 9] == 0x02 && b[i + 10] == 0x02
                    && (b[i + 11] == 0x01 || b[i + 11] == 0x02) && b[i + 12] == 0x00) {
                return true;
            }
        }
        return false;
    }

    private void emitNegotiated(AnalyzerContext ctx, String chosen, boolean smb1Chosen, Boolean signing, String guid) {
        ctx.emit(new SmbNegotiated(ctx.ts(), ctx.flow(), offered == null ? List.of() : offered, chosen,
                offeredSmb1, smb1Chosen, signing, guid));
        pendingNegotiate = false;
    }

    // ---- transforms: recognised and counted, never opened

    /** TRANSFORM_HEADER ([MS-SMB2] 2.2.41): Signature 16, Nonce 16, OriginalMessageSize 4, Reserved 2, Flags 2, SessionId 8. */
    private void encrypted(byte[] b, int h, int len, AnalyzerContext ctx) {
        if (len < TRANSFORM_HEADER) {
            ctx.anomaly("smb_transform_truncated");
            return;
        }
        Session s = session(WireText.u32le(b, h + 44) | (WireText.u32le(b, h + 48) << 32), ctx);
        if (s != null) {
            s.encrypted++;
        }
    }

    /** COMPRESSION_TRANSFORM_HEADER ([MS-SMB2] 2.2.42): OriginalCompressedSegmentSize 4, CompressionAlgorithm 2, Flags 2. */
    private void compressed(byte[] b, int h, int len, AnalyzerContext ctx) {
        if (len < COMPRESSION_HEADER) {
            ctx.anomaly("smb_transform_truncated");
            return;
        }
        if (compressionAlgorithms == null) {
            compressionAlgorithms = new ArrayList<>(2);
            firstCompressed = ctx.ts();
        }
        String algorithm = compressionAlgorithmName(WireText.u16le(b, h + 8));
        if (!compressionAlgorithms.contains(algorithm) && compressionAlgorithms.size() < MAX_COMPRESSION_ALGORITHMS) {
            compressionAlgorithms.add(algorithm);
        }
        compressionChained |= (WireText.u16le(b, h + 10) & 0x0001) != 0;
        compressed++;
    }

    private Session session(long id, AnalyzerContext ctx) {
        if (sessions == null) {
            sessions = new LinkedHashMap<>(4);
        }
        Session s = sessions.get(id);
        if (s == null) {
            if (sessions.size() >= MAX_SESSIONS) {
                ctx.anomaly("smb_session_cap");
                return null;
            }
            s = new Session();
            s.first = ctx.ts();
            sessions.put(id, s);
        }
        return s;
    }

    /**
     * The cipher of the connection: for 3.1.1 the one SMB2_ENCRYPTION_CAPABILITIES context of the
     * NEGOTIATE response (2.2.4: NegotiateContextCount at body+6, NegotiateContextOffset at body+60 from
     * the header; 2.2.3.1: contexts 8-byte aligned, ContextType 2, DataLength 2, Reserved 4); for 3.0 and
     * 3.0.2 with SMB2_GLOBAL_CAP_ENCRYPTION, AES-128-CCM, the only cipher they have.
     */
    private static String cipher(byte[] b, int h, int body, int end, int dialect, AnalyzerContext ctx) {
        if ((dialect == 0x0300 || dialect == 0x0302) && end - body >= 28) {
            return (WireText.u32le(b, body + 24) & 0x40) != 0 ? "AES-128-CCM" : null;
        }
        if (dialect != 0x0311 || end - body < 64) {
            return null;
        }
        int count = WireText.u16le(b, body + 6);
        long offset = WireText.u32le(b, body + 60);
        if (offset < 64 || h + offset > end) {
            if (count > 0) {
                ctx.anomaly("smb_v2_negotiate_context_out_of_bounds");
            }
            return null;
        }
        int p = h + (int) offset;
        for (int i = 0; i < count && i < 32; i++) {
            p = h + ((p - h + 7) & ~7);
            if (p + 8 > end) {
                ctx.anomaly("smb_v2_negotiate_context_out_of_bounds");
                return null;
            }
            int type = WireText.u16le(b, p);
            int dataLength = WireText.u16le(b, p + 2);
            if (p + 8 + dataLength > end) {
                ctx.anomaly("smb_v2_negotiate_context_out_of_bounds");
                return null;
            }
            if (type == 0x0002 && dataLength >= 4 && WireText.u16le(b, p + 8) >= 1) {
                return cipherName(WireText.u16le(b, p + 10));
            }
            p += 8 + dataLength;
        }
        return null;
    }

    /** [MS-SMB2] 2.2.3.1.2 cipher ids; 0 = no common cipher. */
    static String cipherName(int id) {
        return switch (id) {
            case 0 -> null;
            case 1 -> "AES-128-CCM";
            case 2 -> "AES-128-GCM";
            case 3 -> "AES-256-CCM";
            case 4 -> "AES-256-GCM";
            default -> "0x" + hex(id & 0xFFFFFFFFL, 4);
        };
    }

    /** [MS-SMB2] 2.2.3.1.3 compression algorithm ids. */
    static String compressionAlgorithmName(int id) {
        return switch (id) {
            case 0 -> "none";
            case 1 -> "lznt1";
            case 2 -> "lz77";
            case 3 -> "lz77_huffman";
            case 4 -> "pattern_v1";
            case 5 -> "lz4";
            default -> "0x" + hex(id & 0xFFFFFFFFL, 4);
        };
    }

    @Override
    public void onEnd(AnalyzerContext ctx) {
        if (pendingNegotiate) {
            emitNegotiated(ctx, null, false, null, null);
        }
        if (sessions != null) {
            sessions.forEach((id, s) -> {
                if (s.encrypted > 0 || Boolean.TRUE.equals(s.encryptData) || Boolean.TRUE.equals(s.shareEncryptData)) {
                    ctx.emit(new SmbEncryptedSessionSeen(s.first, ctx.flow(), "0x" + hex(id, 16), dialect,
                            cipher, s.encryptData, s.shareEncryptData, s.encrypted));
                }
            });
        }
        if (compressed > 0) {
            ctx.emit(new SmbCompressedMessagesSeen(firstCompressed, ctx.flow(), compressionAlgorithms, compressionChained,
                    compressed));
        }
    }

    /** tshark's notation of an SMB2 dialect revision ([MS-SMB2] 2.2.3). */
    static String dialectName(int d) {
        return switch (d) {
            case 0x0202 -> "2.0.2";
            case 0x0210 -> "2.1";
            case 0x0222 -> "2.2.2";
            case 0x0224 -> "2.2.4";
            case 0x0300 -> "3.0";
            case 0x0302 -> "3.0.2";
            case 0x0310 -> "3.1";
            case 0x0311 -> "3.1.1";
            case 0x02FF -> "2.???";
            default -> "0x" + hex(d & 0xFFFFFFFFL, 4);
        };
    }

    private static String status(long s) {
        return "0x" + hex(s, 8);
    }

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    /**
     * Lowercase hex of {@code v}, zero-padded to at least {@code width} digits, as {@code %0<width>x}
     * prints it (callers pass ints masked to their unsigned value): no Formatter on the per-message path.
     */
    static String hex(long v, int width) {
        int digits = Math.max(width, (64 - Long.numberOfLeadingZeros(v) + 3) / 4);
        char[] out = new char[digits];
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = HEX_DIGITS[(int) (v & 0xF)];
            v >>>= 4;
        }
        return new String(out);
    }

    /** A GUID as it is written: the first three fields little-endian (8-4-4-4-12 lowercase hex digits). */
    private static String guid(byte[] b, int p) {
        char[] out = new char[36];
        hexDigits(WireText.u32le(b, p), out, 0, 8);
        out[8] = '-';
        hexDigits(WireText.u16le(b, p + 4), out, 9, 4);
        out[13] = '-';
        hexDigits(WireText.u16le(b, p + 6), out, 14, 4);
        out[18] = '-';
        hexDigits(((b[p + 8] & 0xFF) << 8) | (b[p + 9] & 0xFF), out, 19, 4);
        out[23] = '-';
        for (int i = 0; i < 6; i++) {
            hexDigits(b[p + 10 + i] & 0xFF, out, 24 + 2 * i, 2);
        }
        return new String(out);
    }

    /** The low {@code n} hex digits of {@code v} into {@code out[at, at + n)}. */
    private static void hexDigits(long v, char[] out, int at, int n) {
        for (int i = at + n - 1; i >= at; i--) {
            out[i] = HEX_DIGITS[(int) (v & 0xF)];
            v >>>= 4;
        }
    }

    private static int stringEnd(byte[] b, int s, int end, boolean unicode) {
        int e = s;
        if (unicode) {
            while (e + 1 < end && (b[e] != 0 || b[e + 1] != 0)) {
                e += 2;
            }
            return Math.min(e, end);
        }
        while (e < end && b[e] != 0) {
            e++;
        }
        return e;
    }

    private static String text(byte[] b, int s, int e, boolean unicode) {
        if (e <= s) {
            return null;
        }
        String t = unicode ? WireText.utf16le(b, s, e - s, 256) : WireText.latin1(b, s, e - s, 256);
        return t == null || t.isEmpty() ? null : t;
    }
}
