package org.wardwatch.sim.proto;

import java.nio.charset.StandardCharsets;

/** SIP REGISTER and its 200 OK (RFC 3261 section 10), over UDP. */
public final class Sip {
    private Sip() {
    }

    public static byte[] register(String user, String domain, String contactIp, int contactPort, String callId, int cseq,
                                  String branch, String tag, String userAgent) {
        String s = "REGISTER sip:" + domain + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + contactIp + ":" + contactPort + ";branch=z9hG4bK" + branch + "\r\n"
                + "From: <sip:" + user + "@" + domain + ">;tag=" + tag + "\r\n"
                + "To: <sip:" + user + "@" + domain + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@" + contactIp + ":" + contactPort + ">\r\n"
                + "Max-Forwards: 70\r\n"
                + "Expires: 3600\r\n"
                + (userAgent == null ? "" : "User-Agent: " + userAgent + "\r\n")
                + "Content-Length: 0\r\n\r\n";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] ok(String user, String domain, String contactIp, int contactPort, String callId, int cseq, String branch,
                            String tag, String serverTag) {
        String s = "SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/UDP " + contactIp + ":" + contactPort + ";branch=z9hG4bK" + branch + "\r\n"
                + "From: <sip:" + user + "@" + domain + ">;tag=" + tag + "\r\n"
                + "To: <sip:" + user + "@" + domain + ">;tag=" + serverTag + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@" + contactIp + ":" + contactPort + ">;expires=3600\r\n"
                + "Content-Length: 0\r\n\r\n";
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
