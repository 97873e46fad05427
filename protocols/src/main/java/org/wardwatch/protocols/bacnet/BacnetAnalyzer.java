package org.wardwatch.protocols.bacnet;

import java.util.HashSet;
import java.util.Set;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.obs.bacnet.BacnetDeviceSeen;
import org.wardwatch.model.obs.bacnet.BacnetPropertySeen;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * BACnet/IP analyzer (ANSI/ASHRAE 135-2016): BVLC (Annex J.2), NPDU (6.2), APDU headers (20.1), tag
 * encoding (20.2), I-Am (16.10.3) and the identifying properties of ReadProperty-ACK (15.5.1.3) and
 * ReadPropertyMultiple-ACK (15.7.1.3): object-name (77), vendor-name (121), vendor-identifier (120),
 * model-name (70), firmware-revision (44), application-software-version (12), description (28),
 * location (58).
 *
 * <p>Known gaps: segmented ComplexACKs are not reassembled (counted as
 * {@code bacnet_segmented_ack}); BACnet/IPv6 (Annex U), BACnet/SC and MS/TP are out of scope;
 * character sets other than UTF-8, ISO 8859-1 and UCS-2 are shown as hex.
 */
final class BacnetAnalyzer implements Analyzer {
    private static final int MAX_REPORTS = 128;
    private static final int DEVICE = 8;
    private static final int MAX_RPM_RESULTS = 256;

    private final Set<String> reported = new HashSet<>();
    private boolean confirmed;
    private boolean capReported;

    @Override
    public void onDatagram(boolean fromClient, byte[] b, int off, int len, AnalyzerContext ctx) {
        int end = off + len;
        if (len < 4 || (b[off] & 0xFF) != 0x81 || WireText.u16(b, off + 2) < 4) {
            bad(ctx, "bacnet_bad_bvlc");
            return;
        }
        if (WireText.u16(b, off + 2) != len) {
            // seen from simulators: the NPDU that follows is still well formed, and Wireshark reads it too
            ctx.anomaly("bacnet_bvlc_length_mismatch");
        }
        int function = b[off + 1] & 0xFF;
        int p;
        switch (function) {
            case 0x0a, 0x0b, 0x09 -> p = off + 4;
            case 0x04 -> p = off + 10; // Forwarded-NPDU carries the originator's B/IP address first
            default -> {
                if (function > 0x0c) {
                    bad(ctx, "bacnet_bad_bvlc");
                } else {
                    confirm(ctx); // BVLC control messages (BVLC-Result, BDT/FDT management)
                }
                return;
            }
        }
        // NPDU (6.2): version 1, control, [DNET DLEN DADR], [SNET SLEN SADR], [hop count], [message type]
        if (p + 2 > end || b[p] != 0x01) {
            bad(ctx, "bacnet_bad_npdu");
            return;
        }
        int control = b[p + 1] & 0xFF;
        p += 2;
        Integer snet = null;
        if ((control & 0x20) != 0) {
            if (p + 3 > end) {
                bad(ctx, "bacnet_bad_npdu");
                return;
            }
            p += 3 + (b[p + 2] & 0xFF);
        }
        if ((control & 0x08) != 0) {
            if (p + 3 > end) {
                bad(ctx, "bacnet_bad_npdu");
                return;
            }
            snet = WireText.u16(b, p);
            p += 3 + (b[p + 2] & 0xFF);
        }
        if ((control & 0x20) != 0) {
            p++; // hop count
        }
        if (p > end) {
            bad(ctx, "bacnet_bad_npdu");
            return;
        }
        confirm(ctx);
        if ((control & 0x80) != 0 || p >= end) {
            return; // network layer message: no APDU
        }
        IpAddress sender = ctx.flow() == null ? null : fromClient ? ctx.flow().client() : ctx.flow().server();
        int pduType = (b[p] & 0xFF) >>> 4;
        if (pduType == 1 && p + 2 <= end && b[p + 1] == 0) {
            iAm(b, p + 2, end, sender, snet, ctx);
        } else if (pduType == 3 && p + 3 <= end) {
            boolean segmented = (b[p] & 0x08) != 0;
            if (segmented) {
                ctx.anomaly("bacnet_segmented_ack");
                return;
            }
            int service = b[p + 2] & 0xFF;
            if (service == 12) {
                readPropertyAck(b, p + 3, end, sender, snet, ctx);
            } else if (service == 14) {
                readPropertyMultipleAck(b, p + 3, end, sender, snet, ctx);
            }
        }
    }

    private void confirm(AnalyzerContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
    }

    private void bad(AnalyzerContext ctx, String anomaly) {
        ctx.anomaly(anomaly);
        if (!confirmed) {
            ctx.violation(anomaly);
        }
    }

    /** I-Am: ObjectIdentifier (device), Unsigned max-APDU, Enumerated segmentation, Unsigned vendor-id. */
    private void iAm(byte[] b, int p, int end, IpAddress sender, Integer snet, AnalyzerContext ctx) {
        Tag t = new Tag();
        if (!t.read(b, p, end) || t.context || t.number != 12 || t.length != 4) {
            ctx.anomaly("bacnet_i_am_malformed");
            return;
        }
        long oid = WireText.u32(b, t.value);
        int instance = (int) (oid & 0x3FFFFF);
        long maxApdu;
        long segmentation;
        long vendor;
        if (!t.read(b, t.next, end) || t.number != 2 || (maxApdu = t.unsigned(b)) < 0
                || !t.read(b, t.next, end) || t.number != 9 || (segmentation = t.unsigned(b)) < 0
                || !t.read(b, t.next, end) || t.number != 2 || (vendor = t.unsigned(b)) < 0) {
            ctx.anomaly("bacnet_i_am_malformed");
            return;
        }
        String seg = switch ((int) segmentation) {
            case 0 -> "segmented_both";
            case 1 -> "segmented_transmit";
            case 2 -> "segmented_receive";
            case 3 -> "no_segmentation";
            default -> "segmentation_" + segmentation;
        };
        if (report("i_am|" + sender + "|" + snet + "|" + instance + "|" + vendor, ctx)) {
            ctx.emit(new BacnetDeviceSeen(ctx.ts(), ctx.flow(), sender, snet, instance, (int) vendor, (int) maxApdu, seg));
        }
    }

    /** ReadProperty-ACK: [0] objectIdentifier, [1] propertyIdentifier, [2] index OPTIONAL, [3] { value }. */
    private void readPropertyAck(byte[] b, int p, int end, IpAddress sender, Integer snet, AnalyzerContext ctx) {
        Tag t = new Tag();
        if (!t.read(b, p, end) || !t.context || t.number != 0 || t.length != 4) {
            ctx.anomaly("bacnet_read_property_ack_malformed");
            return;
        }
        long oid = WireText.u32(b, t.value);
        if (!t.read(b, t.next, end) || !t.context || t.number != 1) {
            ctx.anomaly("bacnet_read_property_ack_malformed");
            return;
        }
        long property = t.unsigned(b);
        if (!t.read(b, t.next, end)) {
            ctx.anomaly("bacnet_read_property_ack_malformed");
            return;
        }
        if (t.context && t.number == 2 && !t.opening) {
            if (!t.read(b, t.next, end)) {
                ctx.anomaly("bacnet_read_property_ack_malformed");
                return;
            }
        }
        if (!t.opening || t.number != 3) {
            ctx.anomaly("bacnet_read_property_ack_malformed");
            return;
        }
        value(b, t.next, end, oid, property, sender, snet, ctx);
    }

    /** ReadPropertyMultiple-ACK: ([0] objectIdentifier, [1] { ([2] property, [3] index?, [4] { value } | [5] { error })* })*. */
    private void readPropertyMultipleAck(byte[] b, int p, int end, IpAddress sender, Integer snet, AnalyzerContext ctx) {
        Tag t = new Tag();
        int results = 0;
        while (p < end && results < MAX_RPM_RESULTS) {
            if (!t.read(b, p, end) || !t.context || t.number != 0 || t.length != 4) {
                ctx.anomaly("bacnet_read_property_multiple_ack_malformed");
                return;
            }
            long oid = WireText.u32(b, t.value);
            if (!t.read(b, t.next, end) || !t.opening || t.number != 1) {
                ctx.anomaly("bacnet_read_property_multiple_ack_malformed");
                return;
            }
            p = t.next;
            while (true) {
                if (!t.read(b, p, end)) {
                    ctx.anomaly("bacnet_read_property_multiple_ack_malformed");
                    return;
                }
                if (t.closing && t.number == 1) {
                    p = t.next;
                    break;
                }
                if (!t.context || t.number != 2 || t.opening) {
                    ctx.anomaly("bacnet_read_property_multiple_ack_malformed");
                    return;
                }
                long property = t.unsigned(b);
                if (!t.read(b, t.next, end)) {
                    ctx.anomaly("bacnet_read_property_multiple_ack_malformed");
                    return;
                }
                if (t.context && t.number == 3 && !t.opening && !t.closing && !t.read(b, t.next, end)) {
                    ctx.anomaly("bacnet_read_property_multiple_ack_malformed");
                    return;
                }
                if (!t.opening || (t.number != 4 && t.number != 5)) {
                    ctx.anomaly("bacnet_read_property_multiple_ack_malformed");
                    return;
                }
                int closeNumber = t.number;
                if (closeNumber == 4) {
                    value(b, t.next, end, oid, property, sender, snet, ctx);
                }
                p = skipToClosing(b, t.next, end, closeNumber);
                if (p < 0) {
                    ctx.anomaly("bacnet_read_property_multiple_ack_malformed");
                    return;
                }
                results++;
            }
        }
    }

    /** Offset after the closing tag matching an opening tag whose content starts at {@code p}, or -1. */
    private static int skipToClosing(byte[] b, int p, int end, int number) {
        Tag t = new Tag();
        int depth = 0;
        int guard = 0;
        while (p < end && guard++ < 4096) {
            if (!t.read(b, p, end)) {
                return -1;
            }
            if (t.opening) {
                depth++;
            } else if (t.closing) {
                if (depth == 0) {
                    return t.number == number ? t.next : -1;
                }
                depth--;
            }
            p = t.next;
        }
        return -1;
    }

    private void value(byte[] b, int p, int end, long oid, long property, IpAddress sender, Integer snet, AnalyzerContext ctx) {
        String name = propertyName(property);
        int type = (int) (oid >>> 22);
        // names, descriptions and locations of points (inputs, outputs, schedules...) describe the
        // building, not the device: only the Device object's are kept
        if (name == null || (type != DEVICE && (property == 77 || property == 28 || property == 58))) {
            return;
        }
        Tag t = new Tag();
        if (!t.read(b, p, end) || t.context || t.opening || t.closing) {
            return;
        }
        String text = null;
        if (t.number == 7 && t.length >= 1) {
            text = characterString(b, t.value, t.length);
        } else if (t.number == 2 && property == 120) {
            long v = t.unsigned(b);
            text = v < 0 ? null : Long.toString(v);
        }
        if (text == null || text.isEmpty()) {
            return;
        }
        int instance = (int) (oid & 0x3FFFFF);
        if (report("p|" + sender + "|" + snet + "|" + type + "|" + instance + "|" + name + "|" + text, ctx)) {
            ctx.emit(new BacnetPropertySeen(ctx.ts(), ctx.flow(), sender, snet, type, instance, name, text));
        }
    }

    private boolean report(String key, AnalyzerContext ctx) {
        if (reported.contains(key)) {
            return false;
        }
        if (reported.size() >= MAX_REPORTS) {
            if (!capReported) {
                capReported = true;
                ctx.anomaly("bacnet_reports_cap");
            }
            return false;
        }
        reported.add(key);
        return true;
    }

    /** Character string (20.2.9): a character set byte, then the bytes. */
    private static String characterString(byte[] b, int p, int len) {
        int charset = b[p] & 0xFF;
        return switch (charset) {
            case 0 -> WireText.utf8(b, p + 1, len - 1, 512);
            case 5 -> WireText.latin1(b, p + 1, len - 1, 512);
            case 4 -> {
                // UCS-2, big-endian
                StringBuilder sb = new StringBuilder();
                for (int i = p + 1; i + 1 < p + len && sb.length() < 512; i += 2) {
                    sb.append((char) WireText.u16(b, i));
                }
                yield WireText.clean(sb.toString(), 512);
            }
            default -> WireText.hex(b, p + 1, Math.min(len - 1, 256));
        };
    }

    static String propertyName(long id) {
        return switch ((int) id) {
            case 77 -> "object_name";
            case 121 -> "vendor_name";
            case 120 -> "vendor_identifier";
            case 70 -> "model_name";
            case 44 -> "firmware_revision";
            case 12 -> "application_software_version";
            case 28 -> "description";
            case 58 -> "location";
            default -> null;
        };
    }

    /** One tag (20.2.1): number, class, and either a length (value at {@code value}) or opening/closing. */
    static final class Tag {
        int number;
        boolean context;
        boolean opening;
        boolean closing;
        int value;
        int length;
        int next;

        boolean read(byte[] b, int p, int end) {
            if (p >= end) {
                return false;
            }
            int h = b[p++] & 0xFF;
            number = h >>> 4;
            context = (h & 0x08) != 0;
            int lvt = h & 0x07;
            if (number == 15) {
                if (p >= end) {
                    return false;
                }
                number = b[p++] & 0xFF;
            }
            opening = context && lvt == 6;
            closing = context && lvt == 7;
            if (opening || closing) {
                length = 0;
                value = p;
                next = p;
                return true;
            }
            if (!context && number == 1) {
                length = 0; // application Boolean: the value is in the LVT bits
                value = p;
                next = p;
                return true;
            }
            int l = lvt;
            if (lvt == 5) {
                if (p >= end) {
                    return false;
                }
                l = b[p++] & 0xFF;
                if (l == 254) {
                    if (p + 2 > end) {
                        return false;
                    }
                    l = WireText.u16(b, p);
                    p += 2;
                } else if (l == 255) {
                    if (p + 4 > end) {
                        return false;
                    }
                    long ll = WireText.u32(b, p);
                    if (ll > end) {
                        return false;
                    }
                    l = (int) ll;
                    p += 4;
                }
            }
            if (l > end - p) {
                return false;
            }
            value = p;
            length = l;
            next = p + l;
            return true;
        }

        /** The value as an unsigned integer of 1-4 bytes, -1 otherwise. */
        long unsigned(byte[] b) {
            if (length < 1 || length > 4) {
                return -1;
            }
            long v = 0;
            for (int i = 0; i < length; i++) {
                v = (v << 8) | (b[value + i] & 0xFF);
            }
            return v;
        }
    }
}
