package org.wardwatch.protocols.ssh;

import org.wardwatch.model.obs.ssh.SshBannerSeen;
import org.wardwatch.model.obs.ssh.SshKexSeen;
import org.wardwatch.protocols.http.Ascii;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.protocols.tls.TlsFingerprints;

/**
 * SSH transport layer (RFC 4253): the identification string of each side (section 4.2) →
 * {@link SshBannerSeen}, and the first binary packet of each side when it is SSH_MSG_KEXINIT
 * (section 7.1) → {@link SshKexSeen} with HASSH (client) or HASSHServer (server), per Salesforce's
 * HASSH (BSD-3-Clause; https://github.com/salesforce/hassh). After both KEXINITs everything is
 * encrypted and the analyzer stops.
 *
 * <p>Servers may send other lines before their identification string (RFC 4253 4.2): up to
 * {@value #MAX_PRE_BANNER_LINES} are skipped.
 *
 * <p>Detection: "SSH-" followed by "1." or "2." at the start of a direction; port 22 is a hint.
 *
 * <p>Anomalies: {@code ssh_banner_too_long}, {@code ssh_no_banner}, {@code ssh_packet_too_long},
 * {@code ssh_kexinit_malformed}.
 *
 * <p>Known gaps: SSH-1 has no KEXINIT (only its banner is reported).
 */
public final class SshAnalyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();
    static final int MAX_BANNER = 255;
    static final int MAX_PRE_BANNER_LINES = 16;
    static final int MAX_PACKET = 35000;
    private static final int MAX_NAME_LIST = 4096;

    private final Side client = new Side(true);
    private final Side server = new Side(false);
    private boolean confirmed;

    private static final class Side {
        final boolean fromClient;
        static final int BANNER = 0, KEXINIT = 1, DONE = 2;
        int state = BANNER;
        int preLines;
        boolean ssh1;

        Side(boolean fromClient) {
            this.fromClient = fromClient;
        }
    }

    @Override
    public int onStream(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        Side side = fromClient ? client : server;
        int pos = off;
        int end = off + len;
        while (pos < end && side.state != Side.DONE) {
            if (side.state == Side.BANNER) {
                int lf = Ascii.indexOfLf(d, pos, Math.min(end - pos, MAX_BANNER + 2));
                if (lf < 0) {
                    if (end - pos > MAX_BANNER + 1) {
                        ctx.anomaly("ssh_banner_too_long");
                        stop(side, ctx, "line too long for an SSH identification");
                        return len;
                    }
                    break;
                }
                int lineEnd = lf > pos && d[lf - 1] == '\r' ? lf - 1 : lf;
                if (Ascii.startsWith(d, pos, lineEnd - pos, "SSH-")) {
                    banner(side, Ascii.textWithNul(d, pos, lineEnd - pos, MAX_BANNER), ctx);
                } else if (fromClient || ++side.preLines > MAX_PRE_BANNER_LINES) {
                    ctx.anomaly("ssh_no_banner");
                    stop(side, ctx, "no SSH identification string");
                    return len;
                }
                pos = lf + 1;
                continue;
            }
            // binary packet: uint32 packet_length, byte padding_length, payload
            if (end - pos < 6) {
                break;
            }
            long packetLength = ((long) (d[pos] & 0xFF) << 24) | ((d[pos + 1] & 0xFF) << 16) | ((d[pos + 2] & 0xFF) << 8)
                    | (d[pos + 3] & 0xFF);
            if (packetLength > MAX_PACKET || packetLength < 2) {
                ctx.anomaly("ssh_packet_too_long");
                side.state = Side.DONE;
                break;
            }
            if (end - pos - 4 < packetLength) {
                break;
            }
            int padding = d[pos + 4] & 0xFF;
            int payload = pos + 5;
            int payloadLen = (int) packetLength - padding - 1;
            if (payloadLen >= 1 && (d[payload] & 0xFF) == 20) {
                kexinit(side, d, payload, payloadLen, ctx);
            }
            side.state = Side.DONE;
            pos += 4 + (int) packetLength;
        }
        if (client.state == Side.DONE && server.state == Side.DONE) {
            ctx.done();
            return len;
        }
        return side.state == Side.DONE ? len : pos - off;
    }

    private void banner(Side side, String line, AnalyzerContext ctx) {
        // SSH-protoversion-softwareversion SP comments
        String rest = line.substring(4);
        int dash = rest.indexOf('-');
        String proto = dash < 0 ? rest : rest.substring(0, dash);
        String software = dash < 0 ? "" : rest.substring(dash + 1);
        String comments = null;
        int sp = software.indexOf(' ');
        if (sp >= 0) {
            comments = software.substring(sp + 1);
            software = software.substring(0, sp);
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        ctx.emit(new SshBannerSeen(ctx.ts(), ctx.flow(), side.fromClient, line, proto, software, comments));
        side.ssh1 = proto.startsWith("1.") && !proto.equals("1.99");
        side.state = side.ssh1 ? Side.DONE : Side.KEXINIT;
    }

    private static void kexinit(Side side, byte[] d, int p, int len, AnalyzerContext ctx) {
        int end = p + len;
        int q = p + 17; // message number and 16-byte cookie
        String[] lists = new String[10];
        for (int i = 0; i < 10; i++) {
            if (q + 4 > end) {
                ctx.anomaly("ssh_kexinit_malformed");
                return;
            }
            long l = ((long) (d[q] & 0xFF) << 24) | ((d[q + 1] & 0xFF) << 16) | ((d[q + 2] & 0xFF) << 8) | (d[q + 3] & 0xFF);
            if (l > end - q - 4) {
                ctx.anomaly("ssh_kexinit_malformed");
                return;
            }
            lists[i] = Ascii.textWithNul(d, q + 4, (int) l, MAX_NAME_LIST);
            q += 4 + (int) l;
        }
        // 0 kex, 1 host key, 2 enc c2s, 3 enc s2c, 4 mac c2s, 5 mac s2c, 6 comp c2s, 7 comp s2c
        String algorithms = side.fromClient
                ? lists[0] + ";" + lists[2] + ";" + lists[4] + ";" + lists[6]
                : lists[0] + ";" + lists[3] + ";" + lists[5] + ";" + lists[7];
        ctx.emit(new SshKexSeen(ctx.ts(), ctx.flow(), side.fromClient, lists[0], lists[1], lists[2], lists[3], lists[4],
                lists[5], lists[6], lists[7], algorithms, TlsFingerprints.md5Hex(algorithms)));
    }

    private void stop(Side side, AnalyzerContext ctx, String why) {
        side.state = Side.DONE;
        if (!confirmed) {
            ctx.violation(why);
        } else {
            ctx.done();
        }
    }

    /** "SSH-1." or "SSH-2." (as far as the bytes go). */
    public static boolean looksLikeSsh(byte[] d, int off, int len) {
        if (len < 6) {
            return false;
        }
        return Ascii.startsWith(d, off, len, "SSH-") && (d[off + 4] == '1' || d[off + 4] == '2') && d[off + 5] == '.';
    }

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "ssh";
        }

        @Override
        public Transport transport() {
            return Transport.TCP;
        }

        @Override
        public int[] portHints() {
            return new int[] {22, 2222};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return looksLikeSsh(data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new SshAnalyzer();
        }

        @Override
        public int maxBufferedBytes() {
            return MAX_PACKET + 1024;
        }
    }
}
