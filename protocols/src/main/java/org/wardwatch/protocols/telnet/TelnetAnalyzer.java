package org.wardwatch.protocols.telnet;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.model.obs.telnet.TelnetBannerSeen;
import org.wardwatch.model.obs.telnet.TelnetCleartextLoginSeen;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * Telnet (RFC 854 and 855 option negotiation): the server's text before the client's first
 * keystroke, with negotiation stripped → {@link TelnetBannerSeen}; a password prompt from the
 * server answered by the client → {@link TelnetCleartextLoginSeen} (the fact only: no keystroke is
 * kept). The analyzer reads at most {@value #MAX_BYTES} bytes per direction, which covers a login.
 *
 * <p>Detection: a stream that starts with IAC followed by WILL, WONT, DO or DONT (what servers and
 * clients send first); port 23 is a hint (many embedded servers send text first).
 *
 * <p>Anomalies: {@code telnet_subnegotiation_too_long}, {@code telnet_login_cap} (more than
 * {@value #MAX_LOGINS} answered password prompts on one connection: password guessing).
 *
 * <p>Known gaps: prompts are recognised in English ("login:", "username:", "user name:", "password:",
 * "passcode:"); binary and encrypted option modes are not followed.
 */
public final class TelnetAnalyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();
    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_BANNER = 256;
    static final int MAX_LOGINS = 16;
    private static final int IAC = 255, SB = 250, SE = 240, WILL = 251, WONT = 252, DO = 253, DONT = 254;

    private final StringBuilder banner = new StringBuilder();
    private final List<Integer> serverOptions = new ArrayList<>();
    private final StringBuilder tail = new StringBuilder(); // last characters the server printed
    private boolean bannerDone;
    private boolean loginPrompt;
    private boolean passwordPrompt;
    private boolean loginReported;
    private int logins;
    private boolean confirmed;
    private long clientBytes;
    private long serverBytes;
    // per-direction negotiation parser state
    private final int[] state = new int[2];
    private final int[] sbLength = new int[2];

    private static final int DATA = 0, CMD = 1, OPT = 2, SUB = 3, SUB_IAC = 4;

    @Override
    public int onStream(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        int dirIndex = fromClient ? 0 : 1;
        for (int i = off; i < off + len; i++) {
            int b = d[i] & 0xFF;
            switch (state[dirIndex]) {
                case DATA -> {
                    if (b == IAC) {
                        state[dirIndex] = CMD;
                    } else {
                        data(fromClient, b, ctx);
                    }
                }
                case CMD -> {
                    if (b == IAC) {
                        state[dirIndex] = DATA;
                        data(fromClient, b, ctx);
                    } else if (b >= WILL && b <= DONT) {
                        state[dirIndex] = OPT;
                    } else if (b == SB) {
                        state[dirIndex] = SUB;
                        sbLength[dirIndex] = 0;
                    } else {
                        state[dirIndex] = DATA; // NOP, GA, BRK, ...
                    }
                    confirmOnce(ctx);
                }
                case OPT -> {
                    if (!fromClient && serverOptions.size() < 32 && !bannerDone) {
                        serverOptions.add(b);
                    }
                    state[dirIndex] = DATA;
                }
                case SUB -> {
                    if (b == IAC) {
                        state[dirIndex] = SUB_IAC;
                    } else if (++sbLength[dirIndex] > 1024) {
                        ctx.anomaly("telnet_subnegotiation_too_long");
                        state[dirIndex] = DATA;
                    }
                }
                default -> state[dirIndex] = b == SE ? DATA : SUB; // SUB_IAC: IAC SE ends, IAC IAC is data
            }
        }
        if (fromClient) {
            clientBytes += len;
        } else {
            serverBytes += len;
        }
        if (clientBytes >= MAX_BYTES && serverBytes >= MAX_BYTES) {
            finishBanner(ctx);
            ctx.done();
        }
        return len;
    }

    private void data(boolean fromClient, int b, AnalyzerContext ctx) {
        if (fromClient) {
            if (b == 0 || b == '\r' || b == '\n') {
                return;
            }
            finishBanner(ctx);
            if (passwordPrompt && !loginReported) {
                loginReported = true;
                if (logins++ < MAX_LOGINS) {
                    ctx.emit(new TelnetCleartextLoginSeen(ctx.ts(), ctx.flow(), loginPrompt));
                } else {
                    ctx.anomaly("telnet_login_cap");
                }
            }
            return;
        }
        if (!bannerDone && banner.length() < MAX_BANNER) {
            if (b == '\n') {
                if (banner.length() > 0 && banner.charAt(banner.length() - 1) != '\n') {
                    banner.append('\n');
                }
            } else if (b >= 0x20 && b < 0x7F) {
                banner.append((char) b);
            }
        }
        // prompts: keep the last 32 printable characters the server sent
        if (b >= 0x20 && b < 0x7F) {
            tail.append((char) Character.toLowerCase((char) b));
            if (tail.length() > 32) {
                tail.delete(0, tail.length() - 32);
            }
            String t = tail.toString();
            if (t.endsWith("login:") || t.endsWith("username:") || t.endsWith("user name:") || t.endsWith("user:")) {
                loginPrompt = true;
                confirmOnce(ctx);
            } else if (t.endsWith("password:") || t.endsWith("passcode:") || t.endsWith("password: ")) {
                passwordPrompt = true;
                loginReported = false;
                confirmOnce(ctx);
            }
        }
    }

    private void finishBanner(AnalyzerContext ctx) {
        if (bannerDone) {
            return;
        }
        bannerDone = true;
        String text = banner.toString().strip();
        if (!text.isEmpty() || !serverOptions.isEmpty()) {
            ctx.emit(new TelnetBannerSeen(ctx.ts(), ctx.flow(), text.isEmpty() ? null : text, serverOptions));
        }
    }

    private void confirmOnce(AnalyzerContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
    }

    @Override
    public void onEnd(AnalyzerContext ctx) {
        finishBanner(ctx);
    }

    /** IAC followed by WILL/WONT/DO/DONT and an option code. */
    public static boolean looksLikeTelnet(byte[] d, int off, int len) {
        return len >= 3 && (d[off] & 0xFF) == IAC && (d[off + 1] & 0xFF) >= WILL && (d[off + 1] & 0xFF) <= DONT
                && ((d[off + 2] & 0xFF) <= 49 || (d[off + 2] & 0xFF) == 255);
    }


    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "telnet";
        }

        @Override
        public Transport transport() {
            return Transport.TCP;
        }

        @Override
        public int[] portHints() {
            return new int[] {23, 2323};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return looksLikeTelnet(data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new TelnetAnalyzer();
        }

        @Override
        public long maxStreamBytes() {
            return MAX_BYTES;
        }
    }
}
