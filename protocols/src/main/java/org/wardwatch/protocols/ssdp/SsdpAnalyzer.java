package org.wardwatch.protocols.ssdp;

import java.util.Locale;
import org.wardwatch.model.obs.ssdp.SsdpAnnounced;
import org.wardwatch.model.obs.ssdp.SsdpSearchAnswered;
import org.wardwatch.model.obs.ssdp.SsdpSearched;
import org.wardwatch.protocols.http.Ascii;
import org.wardwatch.protocols.http.HttpMessageParser;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * SSDP (UPnP Device Architecture 2.0 section 1: HTTP-formatted heads over UDP): NOTIFY becomes
 * {@link SsdpAnnounced}, M-SEARCH {@link SsdpSearched}, a 200 response {@link SsdpSearchAnswered}.
 * Each datagram holds one message. The device description the LOCATION points at is fetched over
 * TCP and read by the HTTP analyzer.
 *
 * <p>Detection: "NOTIFY * HTTP/1.", "M-SEARCH * HTTP/1." or "HTTP/1.x 200" at the start of a
 * datagram; port 1900 is a hint.
 *
 * <p>Anomalies: {@code ssdp_malformed}, {@code ssdp_unknown_method}.
 */
public final class SsdpAnalyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();
    private static final int MAX_VALUE = 256;

    private boolean confirmed;

    @Override
    public void onDatagram(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        // some stacks omit the final empty line: a datagram is a whole message
        HttpMessageParser.Parsed p = HttpMessageParser.parse(d, off, len, len + 1);
        if (p.status() == HttpMessageParser.Status.INCOMPLETE && len > 0) {
            byte[] closed = java.util.Arrays.copyOfRange(d, off, off + len + 4);
            closed[len] = '\r';
            closed[len + 1] = '\n';
            closed[len + 2] = '\r';
            closed[len + 3] = '\n';
            p = HttpMessageParser.parse(closed, 0, closed.length, closed.length + 1);
        }
        if (p.status() != HttpMessageParser.Status.COMPLETE) {
            ctx.anomaly("ssdp_malformed");
            if (!confirmed) {
                ctx.violation("not an SSDP message");
            }
            return;
        }
        HttpMessageParser.Head h = p.head();
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        if (!h.request()) {
            ctx.emit(new SsdpSearchAnswered(ctx.ts(), ctx.flow(), v(h, "ST"), v(h, "USN"), v(h, "LOCATION"), v(h, "SERVER")));
            return;
        }
        switch (methodUpper(h.method())) {
            case "NOTIFY" -> ctx.emit(new SsdpAnnounced(ctx.ts(), ctx.flow(), v(h, "NTS"), v(h, "NT"), v(h, "USN"),
                    v(h, "LOCATION"), v(h, "SERVER"), maxAge(h.header("CACHE-CONTROL"))));
            case "M-SEARCH" -> ctx.emit(new SsdpSearched(ctx.ts(), ctx.flow(), v(h, "ST"), v(h, "MAN"), mx(h.header("MX")),
                    v(h, "USER-AGENT")));
            default -> ctx.anomaly("ssdp_unknown_method");
        }
    }

    /** The method in upper case; the usual spellings without a new String. */
    private static String methodUpper(String method) {
        return method.equals("NOTIFY") || method.equals("M-SEARCH") ? method : method.toUpperCase(Locale.ROOT);
    }

    private static String v(HttpMessageParser.Head h, String name) {
        return Ascii.cap(h.header(name), MAX_VALUE);
    }

    static Long maxAge(String cacheControl) {
        if (cacheControl == null) {
            return null;
        }
        String cc = cacheControl.toLowerCase(Locale.ROOT);
        int i = cc.indexOf("max-age");
        if (i < 0) {
            return null;
        }
        int p = i + 7;
        while (p < cc.length() && (cc.charAt(p) == ' ' || cc.charAt(p) == '=')) {
            p++;
        }
        long n = 0;
        int digits = 0;
        while (p < cc.length() && Character.isDigit(cc.charAt(p)) && digits < 12) {
            n = n * 10 + (cc.charAt(p++) - '0');
            digits++;
        }
        return digits == 0 ? null : n;
    }

    static Integer mx(String v) {
        if (v == null) {
            return null;
        }
        String t = v.trim();
        if (t.isEmpty() || t.length() > 9) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return null;
            }
        }
        return Integer.parseInt(t);
    }

    /** An SSDP start line at the start of a datagram. */
    public static boolean looksLikeSsdp(byte[] d, int off, int len) {
        // quick rejection of other datagrams: every form is 12 bytes or more and starts with N, M or H
        if (len < 12 || ((d[off] | 0x20) != 'n' && (d[off] | 0x20) != 'm' && d[off] != 'H')) {
            return false;
        }
        return Ascii.startsWithIgnoreCase(d, off, len, "NOTIFY * HTTP/1.") || Ascii.startsWithIgnoreCase(d, off, len, "M-SEARCH * HTTP/1.")
                || (Ascii.startsWith(d, off, len, "HTTP/1.") && len >= 12 && d[off + 8] == ' ' && d[off + 9] == '2'
                && d[off + 10] == '0' && d[off + 11] == '0');
    }

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "ssdp";
        }

        @Override
        public Transport transport() {
            return Transport.UDP;
        }

        @Override
        public int[] portHints() {
            return new int[] {1900};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return looksLikeSsdp(data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new SsdpAnalyzer();
        }
    }
}
