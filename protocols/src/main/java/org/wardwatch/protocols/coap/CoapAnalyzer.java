package org.wardwatch.protocols.coap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wardwatch.model.obs.coap.CoapRequestSeen;
import org.wardwatch.model.obs.coap.CoapResourcesDiscovered;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * CoAP analyzer (RFC 7252 section 3 message format, 5.10 options; RFC 8132 FETCH/PATCH; RFC 6690
 * CoRE link format). Reports requests once per (method, Uri-Host, Uri-Path) per flow, and the resource
 * list of link-format responses (Content-Format 40, the answer to GET /.well-known/core). Query strings
 * and other payloads are never kept.
 *
 * <p>Known gaps: CoAP over TCP/WebSockets (RFC 8323) and block-wise transfers (RFC 7959) of a large
 * link-format document are not reassembled (the first block is read).
 */
final class CoapAnalyzer implements Analyzer {
    private static final int MAX_REQUESTS = 32;
    private static final int MAX_PATH_SEGMENTS = 16;
    private static final int MAX_RESOURCES = 64;
    private static final String[] TYPES = {"CON", "NON", "ACK", "RST"};
    private static final String[] METHODS = {null, "GET", "POST", "PUT", "DELETE", "FETCH", "PATCH", "iPATCH"};
    private static final int CONTENT_FORMAT_LINK = 40;

    private final Set<String> requests = new HashSet<>();
    private final Set<String> discovered = new HashSet<>();
    private boolean confirmed;
    private boolean capReported;

    /** Header and options parse; with {@code strict}, the code must be a defined request or response code. */
    static boolean wellFormed(byte[] b, int off, int len, boolean strict) {
        int v = b[off] & 0xFF;
        int tkl = v & 0x0F;
        if ((v >>> 6) != 1 || tkl > 8 || len < 4 + tkl) {
            return false;
        }
        int code = b[off + 1] & 0xFF;
        int cls = code >>> 5;
        int detail = code & 0x1F;
        if (strict) {
            boolean ok = (cls == 0 && detail >= 1 && detail <= 7) || (cls == 0 && detail == 0 && len == 4)
                    || (cls == 2 && detail >= 1 && detail <= 5) || (cls == 2 && detail == 31)
                    || (cls == 4 && (detail <= 6 || detail == 8 || detail == 9 || detail == 12 || detail == 13 || detail == 15 || detail == 22 || detail == 29))
                    || (cls == 5 && detail <= 5);
            if (!ok) {
                return false;
            }
        }
        return options(b, off + 4 + tkl, off + len, null) >= 0;
    }

    /**
     * Walks the options from {@code p}; calls {@code sink} for each (when not null). Returns the payload
     * start (after 0xFF), {@code end} when there is no payload, or -1 when malformed.
     */
    static int options(byte[] b, int p, int end, OptionSink sink) {
        int number = 0;
        while (p < end) {
            int h = b[p++] & 0xFF;
            if (h == 0xFF) {
                return p < end ? p : -1; // a marker followed by nothing is a format error (3.)
            }
            int delta = h >>> 4;
            int olen = h & 0x0F;
            if (delta == 15 || olen == 15) {
                return -1;
            }
            if (delta == 13) {
                if (p >= end) {
                    return -1;
                }
                delta = 13 + (b[p++] & 0xFF);
            } else if (delta == 14) {
                if (p + 2 > end) {
                    return -1;
                }
                delta = 269 + WireText.u16(b, p);
                p += 2;
            }
            if (olen == 13) {
                if (p >= end) {
                    return -1;
                }
                olen = 13 + (b[p++] & 0xFF);
            } else if (olen == 14) {
                if (p + 2 > end) {
                    return -1;
                }
                olen = 269 + WireText.u16(b, p);
                p += 2;
            }
            if (olen > end - p) {
                return -1;
            }
            number += delta;
            if (sink != null) {
                sink.option(number, p, olen);
            }
            p += olen;
        }
        return end;
    }

    interface OptionSink {
        void option(int number, int valueOffset, int valueLength);
    }

    @Override
    public void onDatagram(boolean fromClient, byte[] b, int off, int len, AnalyzerContext ctx) {
        if (len < 4 || !wellFormed(b, off, len, false)) {
            ctx.anomaly("coap_malformed");
            if (!confirmed) {
                ctx.violation("coap_malformed");
            }
            return;
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        int type = (b[off] >>> 4) & 3;
        int tkl = b[off] & 0x0F;
        int code = b[off + 1] & 0xFF;
        int cls = code >>> 5;
        int detail = code & 0x1F;
        List<String> path = new ArrayList<>();
        String[] host = new String[1];
        int[] contentFormat = {-1};
        int payload = options(b, off + 4 + tkl, off + len, (number, at, olen) -> {
            switch (number) {
                case 3 -> host[0] = WireText.utf8(b, at, olen, 255);
                case 11 -> {
                    if (path.size() < MAX_PATH_SEGMENTS) {
                        path.add(WireText.utf8(b, at, olen, 255));
                    }
                }
                case 12 -> {
                    int v = 0;
                    for (int i = 0; i < olen && i < 4; i++) {
                        v = (v << 8) | (b[at + i] & 0xFF);
                    }
                    contentFormat[0] = v;
                }
                default -> {
                }
            }
        });
        if (cls == 0 && detail >= 1) {
            String method = detail < METHODS.length ? METHODS[detail] : "0." + String.format("%02d", detail);
            String uriPath = "/" + String.join("/", path);
            String key = method + "|" + host[0] + "|" + uriPath;
            if (requests.size() < MAX_REQUESTS && requests.add(key)) {
                ctx.emit(new CoapRequestSeen(ctx.ts(), ctx.flow(), TYPES[type], method, host[0], uriPath));
            } else if (requests.size() >= MAX_REQUESTS && !capReported) {
                capReported = true;
                ctx.anomaly("coap_requests_cap");
            }
        } else if (cls == 2 && contentFormat[0] == CONTENT_FORMAT_LINK && payload < off + len) {
            linkFormat(b, payload, off + len, ctx);
        }
    }

    /** RFC 6690 2: link-value list "&lt;/uri&gt;;attr=...,&lt;/uri2&gt;...": keeps the URIs and rt/if values. */
    private void linkFormat(byte[] b, int p, int end, AnalyzerContext ctx) {
        String text = WireText.utf8(b, p, end - p, 16 * 1024);
        if (text == null) {
            return;
        }
        List<String> resources = new ArrayList<>();
        List<String> types = new ArrayList<>();
        int i = 0;
        while (i < text.length() && resources.size() < MAX_RESOURCES) {
            int lt = text.indexOf('<', i);
            if (lt < 0) {
                break;
            }
            int gt = text.indexOf('>', lt);
            if (gt < 0) {
                ctx.anomaly("coap_link_format_malformed");
                break;
            }
            resources.add(text.substring(lt + 1, gt));
            int next = text.indexOf(",<", gt);
            String attrs = text.substring(gt + 1, next < 0 ? text.length() : next);
            for (String attr : attrs.split(";")) {
                if ((attr.startsWith("rt=") || attr.startsWith("if=")) && types.size() < MAX_RESOURCES) {
                    String v = attr.substring(3).replace("\"", "");
                    if (!v.isEmpty() && !types.contains(v)) {
                        types.add(v);
                    }
                }
            }
            i = next < 0 ? text.length() : next + 1;
        }
        if (!resources.isEmpty() && discovered.size() < MAX_RESOURCES && discovered.add(String.join(",", resources))) {
            ctx.emit(new CoapResourcesDiscovered(ctx.ts(), ctx.flow(), resources, types));
        }
    }
}
