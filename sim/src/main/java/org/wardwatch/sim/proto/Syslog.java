package org.wardwatch.sim.proto;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Syslog over UDP: RFC 5424 message format (RFC 5426 transport). */
public final class Syslog {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    private Syslog() {
    }

    public static byte[] message(int facility, int severity, long timeNanos, String host, String app, String msgId,
                                 String text) {
        String ts = TS.format(Instant.ofEpochSecond(0, timeNanos));
        String s = "<" + (facility * 8 + severity) + ">1 " + ts + " " + host + " " + app + " - " + msgId + " - " + text;
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
