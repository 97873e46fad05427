package org.wardwatch.protocols.snmp;

import org.wardwatch.model.IpAddress;
import org.wardwatch.model.obs.snmp.SnmpMessageSeen;
import org.wardwatch.model.obs.snmp.SnmpSystemInfoSeen;
import org.wardwatch.protocols.asn1.BerReader;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * SNMP analyzer: v1 (RFC 1157), v2c (RFC 1901, PDUs of RFC 3416), v3 (RFC 3412 message format with
 * the USM security parameters of RFC 3414 2.4). Reports the kinds of messages on a flow (version, PDU
 * type, the FACT of a cleartext community, v3 engine id and user presence) and the system group values
 * (RFC 3418: sysDescr, sysObjectID, sysName, sysLocation) found in responses and traps.
 *
 * <p>The community string is a password: it is never copied out of the datagram. v3 user names are
 * only checked for emptiness.
 *
 * <p>Known gaps: SNMP over TCP (RFC 3430) is not handled; encrypted v3 scoped PDUs are reported as
 * pduType "encrypted" without their content.
 */
final class SnmpAnalyzer implements Analyzer {
    private static final int MAX_KINDS = 32;
    private static final int MAX_VALUES = 32;
    private static final int MAX_VARBINDS = 256;
    /** 1.3.6.1.2.1.1 (the system group, RFC 3418) in BER: 1.3 as 43, then one byte per arc. */
    private static final byte[] SYS_ENCODED = {0x2B, 6, 1, 2, 1, 1};
    private static final String[] PDU_TYPES = {"get_request", "get_next_request", "response", "set_request", "trap",
        "get_bulk_request", "inform_request", "snmpv2_trap", "report"};

    private static final String HEX = "0123456789abcdef";
    /** The readers of the usual message levels, reused (one set per analysis thread). */
    private static final class Readers {
        final BerReader top = new BerReader();
        final BerReader msg = new BerReader();
        final BerReader pdu = new BerReader();
        final BerReader list = new BerReader();
        final BerReader vb = new BerReader();
    }

    private static final ThreadLocal<Readers> READERS = ThreadLocal.withInitial(Readers::new);

    private Kind[] kinds = new Kind[2]; // grows to MAX_KINDS: most flows have a request and a response kind
    private int kindCount;
    /** System group values already reported, as "descr|objectId|name|location" (at most MAX_VALUES). */
    private String[] values = NO_VALUES;
    private int valueCount;
    private static final String[] NO_VALUES = new String[0];
    private boolean confirmed;
    private boolean kindsCapReported;

    @Override
    public void onDatagram(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        Readers r = READERS.get();
        BerReader top = r.top.reset(data, offset, length);
        BerReader msg = r.msg;
        if (!top.next(0x30) || !top.enterInto(msg) || !msg.next(0x02)) {
            malformed(ctx);
            return;
        }
        int version = msg.intValue(-1);
        boolean ok;
        if (version == 0 || version == 1) {
            ok = community(fromClient, version == 0 ? "v1" : "v2c", msg, r, ctx);
        } else if (version == 3) {
            ok = v3(fromClient, msg, ctx);
        } else {
            ctx.anomaly("snmp_unknown_version");
            ok = false;
        }
        if (!ok) {
            malformed(ctx);
            return;
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
    }

    private void malformed(AnalyzerContext ctx) {
        ctx.anomaly("snmp_malformed");
        if (!confirmed) {
            ctx.violation("snmp_malformed");
        }
    }

    private boolean community(boolean fromClient, String version, BerReader msg, Readers r, AnalyzerContext ctx) {
        if (!msg.next(0x04)) {
            return false;
        }
        // the community's value stays in the datagram: only its presence (non-empty) is reported
        boolean community = msg.contentLength() > 0;
        if (!msg.next()) {
            return false;
        }
        int tag = msg.tag();
        if (tag < 0xa0 || tag > 0xa8) {
            return false;
        }
        if (!pdu(fromClient, tag, msg.enterInto(r.pdu) ? r.pdu : null, r, ctx)) {
            return false;
        }
        kind(ctx, fromClient, version, PDU_TYPES[tag - 0xa0], community, null, 0, 0, false, false, false);
        return true;
    }

    /** SNMPv3Message: msgVersion, msgGlobalData, msgSecurityParameters (OCTET STRING), msgData. */
    private boolean v3(boolean fromClient, BerReader msg, AnalyzerContext ctx) {
        BerReader global;
        if (!msg.next(0x30) || (global = msg.enter()) == null) {
            return false;
        }
        int flags = 0;
        int securityModel = -1;
        if (global.next(0x02) && global.next(0x02) && global.next(0x04)) {
            flags = global.contentLength() > 0 ? msg.buffer()[global.contentStart()] & 0xFF : 0;
            if (global.next(0x02)) {
                securityModel = global.intValue(-1);
            }
        } else {
            return false;
        }
        if (!msg.next(0x04)) {
            return false;
        }
        int engineAt = 0;
        int engineLen = 0; // the engine id stays in the datagram until a new kind is reported
        boolean user = false;
        BerReader secParams = msg.enter();
        BerReader usm;
        if (securityModel == 3 && secParams != null && secParams.next(0x30) && (usm = secParams.enter()) != null) {
            if (usm.next(0x04)) {
                engineAt = usm.contentStart();
                engineLen = usm.contentLength();
                if (usm.next(0x02) && usm.next(0x02) && usm.next(0x04)) {
                    user = usm.contentLength() > 0;
                }
            }
        }
        boolean auth = (flags & 0x01) != 0;
        boolean priv = (flags & 0x02) != 0;
        if (!msg.next()) {
            return false;
        }
        if (msg.tag() == 0x04) {
            kind(ctx, fromClient, "v3", "encrypted", false, msg.buffer(), engineAt, engineLen, user, auth, priv);
            return true;
        }
        BerReader scoped;
        if (msg.tag() != 0x30 || (scoped = msg.enter()) == null) {
            return false;
        }
        // ScopedPDU: contextEngineID, contextName, PDU
        if (!scoped.next(0x04) || !scoped.next(0x04) || !scoped.next()) {
            return false;
        }
        int tag = scoped.tag();
        if (tag < 0xa0 || tag > 0xa8) {
            return false;
        }
        if (!pdu(fromClient, tag, scoped.enter(), READERS.get(), ctx)) {
            return false;
        }
        kind(ctx, fromClient, "v3", PDU_TYPES[tag - 0xa0], false, msg.buffer(), engineAt, engineLen, user, auth, priv);
        return true;
    }

    /**
     * Reports a kind of message once per flow. Kinds are compared field by field (the engine id as
     * its bytes against the hex text kept), so a repeated kind makes no String.
     */
    private void kind(AnalyzerContext ctx, boolean fromClient, String version, String pduType, boolean community,
                      byte[] buf, int engineAt, int engineLen, boolean user, boolean auth, boolean priv) {
        for (int i = 0; i < kindCount; i++) {
            Kind k = kinds[i];
            if (k.fromClient == fromClient && k.version.equals(version) && k.pduType.equals(pduType) && k.user == user
                    && k.auth == auth && k.priv == priv && sameEngine(k.engineId, buf, engineAt, engineLen)) {
                return;
            }
        }
        if (kindCount >= MAX_KINDS) {
            if (!kindsCapReported) {
                kindsCapReported = true;
                ctx.anomaly("snmp_message_kinds_cap");
            }
            return;
        }
        // the engine id: lowercase hex of at most 64 bytes, null when empty
        String engineId = engineLen <= 0 ? null : WireText.hex(buf, engineAt, Math.min(engineLen, 64));
        if (kindCount == kinds.length) {
            kinds = java.util.Arrays.copyOf(kinds, Math.min(2 * kindCount, MAX_KINDS));
        }
        kinds[kindCount++] = new Kind(fromClient, version, pduType, engineId, user, auth, priv);
        ctx.emit(new SnmpMessageSeen(ctx.ts(), ctx.flow(), fromClient, version, pduType, community, engineId, user, auth, priv));
    }

    private record Kind(boolean fromClient, String version, String pduType, String engineId, boolean user, boolean auth,
                        boolean priv) {
    }

    /** Whether {@code hex} is the engine id text of {@code buf[at, at+len)} (null for none). */
    private static boolean sameEngine(String hex, byte[] buf, int at, int len) {
        if (len <= 0) {
            return hex == null;
        }
        int n = Math.min(len, 64);
        if (hex == null || hex.length() != 2 * n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int v = buf[at + i] & 0xFF;
            if (hex.charAt(2 * i) != HEX.charAt(v >>> 4) || hex.charAt(2 * i + 1) != HEX.charAt(v & 0xF)) {
                return false;
            }
        }
        return true;
    }

    /** An OCTET STRING value as text; null when empty (an empty value tells nothing). */
    private static String text(BerReader vb, int maxChars) {
        String s = vb.stringValue(maxChars);
        return s == null || s.isEmpty() ? null : s;
    }

    private void systemInfo(boolean fromClient, String descr, String objectId, String name, String location,
                            AnalyzerContext ctx) {
        String key = descr + "|" + objectId + "|" + name + "|" + location;
        if (valueCount < MAX_VALUES && addValue(key)) {
            IpAddress agent = ctx.flow() == null ? null : fromClient ? ctx.flow().client() : ctx.flow().server();
            ctx.emit(new SnmpSystemInfoSeen(ctx.ts(), ctx.flow(), agent, descr, objectId, name, location));
        }
    }

    private boolean addValue(String key) {
        for (int i = 0; i < valueCount; i++) {
            if (values[i].equals(key)) {
                return false;
            }
        }
        if (valueCount == values.length) {
            values = java.util.Arrays.copyOf(values, valueCount == 0 ? 1 : Math.min(2 * valueCount, MAX_VALUES));
        }
        values[valueCount++] = key;
        return true;
    }

    /**
     * For the encoding of sysDescr.0, sysObjectID.0, sysName.0 or sysLocation.0 (1.3.6.1.2.1.1.N.0,
     * valid OIDs have one encoding) its N, else 0.
     */
    static int systemField(byte[] b, int at, int len) {
        if (len != SYS_ENCODED.length + 2 || b[at + len - 1] != 0) {
            return 0;
        }
        for (int i = 0; i < SYS_ENCODED.length; i++) {
            if (b[at + i] != SYS_ENCODED[i]) {
                return 0;
            }
        }
        int n = b[at + SYS_ENCODED.length];
        return n == 1 || n == 2 || n == 5 || n == 6 ? n : 0;
    }

    /** PDU: request-id, error-status, error-index, variable-bindings; v1 Trap-PDU has its own header. */
    private boolean pdu(boolean fromClient, int tag, BerReader pdu, Readers r, AnalyzerContext ctx) {
        if (pdu == null) {
            return false;
        }
        if (tag == 0xa4) {
            // enterprise OID, agent-addr, generic-trap, specific-trap, time-stamp
            if (!pdu.next(0x06) || !pdu.next() || !pdu.next(0x02) || !pdu.next(0x02) || !pdu.next()) {
                return false;
            }
        } else if (!pdu.next(0x02) || !pdu.next(0x02) || !pdu.next(0x02)) {
            return false;
        }
        if (!pdu.next(0x30)) {
            return false;
        }
        boolean answer = tag == 0xa2 || tag == 0xa4 || tag == 0xa6 || tag == 0xa7;
        BerReader list = pdu.enterInto(r.list) ? r.list : null;
        String descr = null, objectId = null, name = null, location = null;
        int n = 0;
        while (list != null && list.next(0x30)) {
            if (++n > MAX_VARBINDS) {
                ctx.anomaly("snmp_varbinds_cap");
                break;
            }
            BerReader vb = list.enterInto(r.vb) ? r.vb : null;
            if (vb == null || !vb.next(0x06)) {
                return false;
            }
            if (!answer) {
                continue;
            }
            // the OID is only checked and compared as bytes: no text for the OIDs nobody reports
            int oidAt = vb.contentStart();
            int oidLen = vb.contentLength();
            if (!BerReader.isValidOid(vb.buffer(), oidAt, oidLen)) {
                ctx.anomaly("snmp_bad_oid");
                continue;
            }
            int field = systemField(vb.buffer(), oidAt, oidLen);
            if (field == 0 || !vb.next()) {
                continue;
            }
            switch (field) {
                case 1 -> descr = vb.tag() == 0x04 ? text(vb, 1024) : descr;
                case 2 -> objectId = vb.tag() == 0x06 ? vb.oidValue() : objectId;
                case 5 -> name = vb.tag() == 0x04 ? text(vb, 256) : name;
                case 6 -> location = vb.tag() == 0x04 ? text(vb, 256) : location;
                default -> {
                }
            }
        }
        if (list != null && list.malformed()) {
            return false;
        }
        if (descr != null || objectId != null || name != null || location != null) {
            systemInfo(fromClient, descr, objectId, name, location, ctx);
        }
        return true;
    }
}
