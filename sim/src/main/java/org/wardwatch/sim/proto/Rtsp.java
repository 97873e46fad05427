package org.wardwatch.sim.proto;

import java.nio.charset.StandardCharsets;

/**
 * RTSP 1.0 (RFC 2326) as a video management server pulls a camera stream: OPTIONS, DESCRIBE (SDP,
 * RFC 4566), SETUP with RTP interleaved over the RTSP connection (RFC 2326 10.12), PLAY, and the
 * interleaved RTP packets (RFC 3550 header, dynamic payload type 96).
 */
public final class Rtsp {
    private Rtsp() {
    }

    public static byte[] request(String method, String url, int cseq, String session, String extraHeader) {
        String s = method + " " + url + " RTSP/1.0\r\nCSeq: " + cseq + "\r\n"
                + (session == null ? "" : "Session: " + session + "\r\n")
                + (extraHeader == null ? "" : extraHeader + "\r\n")
                + "User-Agent: VMS\r\n\r\n";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] response(int cseq, String session, String extraHeader, String contentType, String body) {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.US_ASCII);
        String s = "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\n"
                + (session == null ? "" : "Session: " + session + "\r\n")
                + (extraHeader == null ? "" : extraHeader + "\r\n")
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + b.length + "\r\n\r\n";
        byte[] h = s.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + b.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(b, 0, out, h.length, b.length);
        return out;
    }

    public static String sdp(String ip) {
        return "v=0\r\no=- 1 1 IN IP4 " + ip + "\r\ns=Media Presentation\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
                + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=1\r\n";
    }

    /** One interleaved RTP packet: '$', channel, length, RTP header, {@code payload} bytes. */
    public static byte[] interleavedRtp(int channel, int seq, long timestamp, long ssrc, boolean marker, byte[] payload) {
        Bytes b = new Bytes(payload.length + 16);
        b.u8('$').u8(channel).u16(12 + payload.length);
        b.u8(0x80).u8((marker ? 0x80 : 0) | 96).u16(seq).u32(timestamp).u32(ssrc);
        b.bytes(payload);
        return b.toArray();
    }
}
