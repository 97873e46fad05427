package org.wardwatch.sim.proto;

import java.nio.charset.StandardCharsets;

/** HTTP/1.1 messages (RFC 9112) with Content-Length bodies. */
public final class Http {
    private Http() {
    }

    public static byte[] request(String method, String target, String host, String userAgent, String contentType,
                                 byte[] body) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(host).append("\r\n");
        if (userAgent != null) {
            sb.append("User-Agent: ").append(userAgent).append("\r\n");
        }
        sb.append("Accept: */*\r\n");
        if (body != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        return join(sb.toString().getBytes(StandardCharsets.US_ASCII), body);
    }

    public static byte[] response(int status, String reason, String server, String contentType, byte[] body) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        if (server != null) {
            sb.append("Server: ").append(server).append("\r\n");
        }
        byte[] b = body == null ? new byte[0] : body;
        if (contentType != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
        }
        sb.append("Content-Length: ").append(b.length).append("\r\n");
        sb.append("\r\n");
        return join(sb.toString().getBytes(StandardCharsets.US_ASCII), b);
    }

    private static byte[] join(byte[] head, byte[] body) {
        if (body == null || body.length == 0) {
            return head;
        }
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }
}
