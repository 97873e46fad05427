package org.wardwatch.protocols.vnc;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.obs.vnc.VncHandshakeSeen;
import org.wardwatch.protocols.http.Ascii;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * VNC's Remote Framebuffer protocol handshake (RFC 6143 sections 7.1.1-7.1.2, and RFB 3.3's
 * server-imposed security type): both ProtocolVersion messages, the security types the server
 * offers and the one the client chooses → one {@link VncHandshakeSeen} per connection (at the
 * client's choice, or at the end of the flow with what was seen). Then the analyzer stops.
 *
 * <p>Detection: "RFB " + 3 digits + "." + 3 digits + LF from either side; port 5900 is a hint.
 *
 * <p>Anomalies: {@code vnc_bad_version}, {@code vnc_security_failure} (the server offered no type).
 */
public final class VncAnalyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();

    private String serverVersion;
    private String clientVersion;
    private final List<Integer> types = new ArrayList<>();
    private boolean typesSeen;
    private Integer selected;
    private boolean reported;
    private boolean confirmed;

    @Override
    public int onStream(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        if (reported) {
            return len;
        }
        if (fromClient) {
            if (clientVersion == null) {
                if (len < 12) {
                    return 0;
                }
                clientVersion = version(d, off, ctx);
                if (clientVersion == null) {
                    return len;
                }
                return 12 + client(d, off + 12, len - 12, ctx);
            }
            return client(d, off, len, ctx);
        }
        if (serverVersion == null) {
            if (len < 12) {
                return 0;
            }
            serverVersion = version(d, off, ctx);
            if (serverVersion == null) {
                return len;
            }
            return 12 + server(d, off + 12, len - 12, ctx);
        }
        return server(d, off, len, ctx);
    }

    private int server(byte[] d, int off, int len, AnalyzerContext ctx) {
        if (typesSeen || len == 0) {
            return len;
        }
        if (minor(serverVersion) < 7 && major(serverVersion) == 3) {
            if (len < 4) {
                return 0;
            }
            int type = ((d[off] & 0xFF) << 24) | ((d[off + 1] & 0xFF) << 16) | ((d[off + 2] & 0xFF) << 8) | (d[off + 3] & 0xFF);
            typesSeen = true;
            if (type == 0) {
                ctx.anomaly("vnc_security_failure");
            } else {
                types.add(type);
                selected = type; // RFB 3.3: the server decides
            }
            report(ctx);
            return len;
        }
        int n = d[off] & 0xFF;
        if (n == 0) {
            typesSeen = true;
            ctx.anomaly("vnc_security_failure");
            report(ctx);
            return len;
        }
        if (len < 1 + n) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            types.add(d[off + 1 + i] & 0xFF);
        }
        typesSeen = true;
        return len;
    }

    private int client(byte[] d, int off, int len, AnalyzerContext ctx) {
        if (len == 0) {
            return 0;
        }
        if (typesSeen && selected == null) {
            selected = d[off] & 0xFF;
            report(ctx);
        }
        return len;
    }

    private String version(byte[] d, int off, AnalyzerContext ctx) {
        if (!looksLikeVersion(d, off, 12)) {
            ctx.anomaly("vnc_bad_version");
            if (!confirmed) {
                ctx.violation("not an RFB ProtocolVersion");
            } else {
                ctx.done();
            }
            reported = true;
            return null;
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        return Ascii.text(d, off + 4, 7, 7);
    }

    private void report(AnalyzerContext ctx) {
        if (reported) {
            return;
        }
        reported = true;
        boolean none = selected != null ? selected == 1 : types.contains(1);
        ctx.emit(new VncHandshakeSeen(ctx.ts(), ctx.flow(), serverVersion, clientVersion, types, selected, none));
        ctx.done();
    }

    @Override
    public void onEnd(AnalyzerContext ctx) {
        if (!reported && serverVersion != null) {
            report(ctx);
        }
    }

    private static int major(String v) {
        return Integer.parseInt(v.substring(0, 3));
    }

    private static int minor(String v) {
        return Integer.parseInt(v.substring(4, 7));
    }

    /** "RFB xxx.yyy\n" as far as the bytes go (at least 4). */
    public static boolean looksLikeVersion(byte[] d, int off, int len) {
        String pattern = "RFB 000.000\n";
        if (len < 4) {
            return false;
        }
        for (int i = 0; i < Math.min(len, 12); i++) {
            char p = pattern.charAt(i);
            int c = d[off + i] & 0xFF;
            if (p == '0' ? c < '0' || c > '9' : c != p) {
                return false;
            }
        }
        return true;
    }

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "vnc";
        }

        @Override
        public Transport transport() {
            return Transport.TCP;
        }

        @Override
        public int[] portHints() {
            return new int[] {5900, 5901, 5902};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return length >= 12 && looksLikeVersion(data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new VncAnalyzer();
        }
    }
}
