package org.wardwatch.protocols.ftp;

import java.util.Locale;
import org.wardwatch.model.obs.ftp.FtpBannerSeen;
import org.wardwatch.model.obs.ftp.FtpCleartextLoginSeen;
import org.wardwatch.model.obs.ftp.FtpSystemReported;
import org.wardwatch.protocols.http.Ascii;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * FTP control connections (RFC 959 commands and replies, RFC 2228/4217 AUTH TLS): the greeting
 * → {@link FtpBannerSeen}, the reply to SYST → {@link FtpSystemReported}, each USER/PASS exchange
 * in cleartext → {@link FtpCleartextLoginSeen} (the fact and the outcome, never the user name or
 * password; at most {@value #MAX_LOGINS} per connection, then {@code ftp_login_cap} counts the rest,
 * which is what a brute-force attempt looks like). After a successful AUTH the connection is
 * encrypted and the analyzer stops.
 *
 * <p>Detection: a server greeting "220" + space or hyphen that does not name SMTP (which greets the
 * same way), or a client command USER, AUTH, FEAT, SYST or OPTS; port 21 is a hint. The flow is
 * confirmed by an FTP command from the client or "FTP" in the greeting.
 *
 * <p>Multi-line replies (RFC 959 section 4.2): the text of every line, without the "NNN-" prefix
 * that servers repeat on continuation lines, joined with "\n"; an empty last line adds nothing.
 *
 * <p>Anomalies: {@code ftp_line_too_long}, {@code ftp_bad_reply}, {@code ftp_login_cap}.
 */
public final class FtpAnalyzer implements Analyzer {
    public static final AnalyzerFactory FACTORY = new Factory();
    static final int MAX_LINE = 1024;
    static final int MAX_BANNER = 256;
    static final int MAX_LOGINS = 16;

    private final StringBuilder multiline = new StringBuilder();
    private int multilineCode = -1;
    private boolean greeted;
    private boolean confirmed;
    private String lastCommand;      // command awaiting a reply: USER, PASS, SYST, AUTH
    private boolean anonymous;
    private boolean passPending;
    private int logins;
    private boolean stopped;
    private FtpBannerSeen heldBanner;  // a greeting that does not say FTP waits for the client's first FTP command

    @Override
    public int onStream(boolean fromClient, byte[] d, int off, int len, AnalyzerContext ctx) {
        int pos = off;
        int end = off + len;
        while (pos < end && !stopped) {
            int lf = Ascii.indexOfLf(d, pos, Math.min(end - pos, MAX_LINE + 1));
            if (lf < 0) {
                if (end - pos > MAX_LINE) {
                    ctx.anomaly("ftp_line_too_long");
                    stop(ctx, "line too long for FTP");
                    return len;
                }
                break;
            }
            int lineEnd = lf > pos && d[lf - 1] == '\r' ? lf - 1 : lf;
            String line = Ascii.textWithNul(d, pos, lineEnd - pos, MAX_LINE);
            if (fromClient) {
                command(line, ctx);
            } else {
                reply(line, ctx);
            }
            pos = lf + 1;
        }
        return stopped ? len : pos - off;
    }

    private void command(String line, AnalyzerContext ctx) {
        int sp = line.indexOf(' ');
        String verb = (sp < 0 ? line : line.substring(0, sp)).trim().toUpperCase(Locale.ROOT);
        if (verb.isEmpty()) {
            return;
        }
        if (!isCommand(verb)) {
            if (!confirmed) {
                stop(ctx, "not an FTP command");
            }
            return;
        }
        confirmOnce(ctx);
        switch (verb) {
            case "USER" -> {
                String user = sp < 0 ? "" : line.substring(sp + 1).trim();
                anonymous = user.equalsIgnoreCase("anonymous") || user.equalsIgnoreCase("ftp");
                lastCommand = "USER";
            }
            case "PASS" -> {
                if (passPending) {
                    report("unknown", ctx); // a second PASS without a reply to the first
                }
                passPending = true;
                lastCommand = "PASS";
            }
            case "SYST", "AUTH" -> lastCommand = verb;
            default -> lastCommand = verb;
        }
    }

    private void reply(String line, AnalyzerContext ctx) {
        if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                || !Character.isDigit(line.charAt(2))) {
            if (multilineCode >= 0) {
                appendMultiline(line);
                return;
            }
            ctx.anomaly("ftp_bad_reply");
            if (!confirmed) {
                stop(ctx, "not an FTP reply");
            }
            return;
        }
        int code = Integer.parseInt(line.substring(0, 3));
        char sep = line.length() > 3 ? line.charAt(3) : ' ';
        String text = line.length() > 4 ? line.substring(4) : "";
        if (multilineCode >= 0) {
            if (code == multilineCode && sep == ' ') {
                if (!text.isEmpty()) {
                    appendMultiline(text); // vsftpd ends a banner_file greeting with "220 " alone
                }
                String full = multiline.toString();
                multilineCode = -1;
                multiline.setLength(0);
                complete(code, full, ctx);
            } else if (code == multilineCode && sep == '-') {
                appendMultiline(text); // "220-" on every line (vsftpd, ProFTPD, Pure-FTPd): the prefix is not text
            } else {
                appendMultiline(line);
            }
            return;
        }
        if (sep == '-') {
            multilineCode = code;
            multiline.setLength(0);
            appendMultiline(text);
            return;
        }
        complete(code, text, ctx);
    }

    private void appendMultiline(String text) {
        if (multiline.length() < MAX_BANNER) {
            if (multiline.length() > 0) {
                multiline.append('\n');
            }
            multiline.append(text, 0, Math.min(text.length(), MAX_BANNER - multiline.length() + 1));
        }
    }

    private void complete(int code, String text, AnalyzerContext ctx) {
        if (!greeted) {
            greeted = true;
            if (code == 220 || code == 120 || code == 421) {
                String upper = text.toUpperCase(Locale.ROOT);
                if (upper.contains("SMTP")) {
                    stop(ctx, "an SMTP greeting"); // SMTP greets with 220 too
                    return;
                }
                FtpBannerSeen banner = new FtpBannerSeen(ctx.ts(), ctx.flow(), code, Ascii.cap(text, MAX_BANNER));
                if (upper.contains("FTP") || confirmed) {
                    confirmOnce(ctx);
                    ctx.emit(banner);
                } else {
                    heldBanner = banner;
                }
                return;
            }
        }
        if (lastCommand == null) {
            return;
        }
        switch (lastCommand) {
            case "PASS" -> {
                if (code / 100 == 3) {
                    return; // 332: account needed; wait for the final reply
                }
                report(code == 230 || code == 202 ? "accepted" : code / 100 >= 4 ? "rejected" : "unknown", ctx);
            }
            case "USER" -> {
                if (code == 230) {
                    passPending = true; // logged in without a password
                    report("accepted", ctx);
                }
            }
            case "SYST" -> {
                if (code == 215) {
                    ctx.emit(new FtpSystemReported(ctx.ts(), ctx.flow(), Ascii.cap(text, MAX_BANNER)));
                }
            }
            case "AUTH" -> {
                if (code == 234) {
                    stopped = true; // TLS follows
                    ctx.done();
                }
            }
            default -> {
                // other replies carry nothing for identification
            }
        }
        lastCommand = null;
    }

    private void report(String outcome, AnalyzerContext ctx) {
        if (!passPending) {
            return;
        }
        passPending = false;
        if (logins++ < MAX_LOGINS) {
            ctx.emit(new FtpCleartextLoginSeen(ctx.ts(), ctx.flow(), anonymous, outcome));
        } else {
            ctx.anomaly("ftp_login_cap");
        }
    }

    @Override
    public void onEnd(AnalyzerContext ctx) {
        report("unknown", ctx);
    }

    private void confirmOnce(AnalyzerContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        if (heldBanner != null) {
            ctx.emit(heldBanner);
            heldBanner = null;
        }
    }

    private void stop(AnalyzerContext ctx, String why) {
        stopped = true;
        if (!confirmed) {
            ctx.violation(why);
        } else {
            ctx.done();
        }
    }

    private static final java.util.Set<String> COMMANDS = java.util.Set.of("USER", "PASS", "ACCT", "CWD", "CDUP", "SMNT",
            "QUIT", "REIN", "PORT", "PASV", "TYPE", "STRU", "MODE", "RETR", "STOR", "STOU", "APPE", "ALLO", "REST", "RNFR",
            "RNTO", "ABOR", "DELE", "RMD", "MKD", "PWD", "LIST", "NLST", "SITE", "SYST", "STAT", "HELP", "NOOP", "FEAT", "OPTS",
            "AUTH", "PBSZ", "PROT", "CCC", "EPRT", "EPSV", "MDTM", "SIZE", "MLSD", "MLST", "LANG", "XPWD", "XCWD", "XMKD",
            "XRMD", "CLNT", "HOST");

    static boolean isCommand(String verb) {
        return COMMANDS.contains(verb);
    }

    /**
     * Server side: "220" + space/hyphen and no "SMTP" in the greeting line. Client side: USER, AUTH,
     * FEAT, SYST or OPTS followed by a space or CRLF.
     */
    public static boolean looksLikeFtp(boolean fromClient, byte[] d, int off, int len) {
        if (!fromClient) {
            if (len < 5 || !Ascii.startsWith(d, off, len, "220") || (d[off + 3] != ' ' && d[off + 3] != '-')) {
                return false;
            }
            int lineEnd = Ascii.indexOfLf(d, off, Math.min(len, MAX_LINE));
            int n = lineEnd < 0 ? Math.min(len, MAX_LINE) : lineEnd - off;
            for (int i = 0; i + 4 <= n; i++) {
                if (Ascii.startsWithIgnoreCase(d, off + i, n - i, "SMTP")) {
                    return false;
                }
            }
            return Ascii.isPrintable(d, off, n);
        }
        if (len < 5) {
            return false;
        }
        for (byte[] c : CLIENT_OPENERS) {
            if (d[off] == c[0] && d[off + 1] == c[1] && d[off + 2] == c[2] && d[off + 3] == c[3] && d[off + 4] == c[4]) {
                return true;
            }
        }
        return false;
    }

    /** First commands a client sends (the probe runs on every unclassified flow: constants, no array per call). */
    private static final byte[][] CLIENT_OPENERS = {
        ascii("USER "), ascii("AUTH "), ascii("FEAT\r"), ascii("SYST\r"), ascii("OPTS ")};

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String name() {
            return "ftp";
        }

        @Override
        public Transport transport() {
            return Transport.TCP;
        }

        @Override
        public int[] portHints() {
            return new int[] {21, 2121};
        }

        @Override
        public boolean probe(boolean fromClient, byte[] data, int offset, int length) {
            return looksLikeFtp(fromClient, data, offset, length);
        }

        @Override
        public Analyzer newAnalyzer() {
            return new FtpAnalyzer();
        }
    }
}
