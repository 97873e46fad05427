package org.wardwatch.sim.proto;

import java.util.List;

/**
 * DNS messages (RFC 1035; SRV RFC 2782; mDNS conventions RFC 6762): one question, answers as
 * {@link Rr}s. Names are written uncompressed except the answer owner that repeats the question
 * (pointer 0xc00c), which is what most servers send.
 */
public final class Dns {
    public static final int A = 1;
    public static final int PTR = 12;
    public static final int TXT = 16;
    public static final int SRV = 33;
    public static final int ANY = 255;

    private Dns() {
    }

    /** A resource record; {@code name == null} means "the question's name". */
    public record Rr(String name, int type, int rrClass, int ttl, byte[] rdata) {
        public static Rr a(String name, int ip, int ttl) {
            return new Rr(name, A, 1, ttl, new Bytes(4).u32(ip & 0xffff_ffffL).toArray());
        }

        public static Rr ptr(String name, String target, int ttl) {
            Bytes b = new Bytes();
            Dns.name(b, target);
            return new Rr(name, PTR, 1, ttl, b.toArray());
        }

        public static Rr srv(String name, int priority, int weight, int port, String target, int ttl, int rrClass) {
            Bytes b = new Bytes();
            b.u16(priority).u16(weight).u16(port);
            Dns.name(b, target);
            return new Rr(name, SRV, rrClass, ttl, b.toArray());
        }

        public static Rr txt(String name, List<String> strings, int ttl, int rrClass) {
            Bytes b = new Bytes();
            for (String s : strings) {
                byte[] t = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                b.u8(t.length).bytes(t);
            }
            return new Rr(name, TXT, rrClass, ttl, b.toArray());
        }

        public Rr withClass(int c) {
            return new Rr(name, type, c, ttl, rdata);
        }
    }

    public static byte[] query(int id, String name, int type) {
        Bytes b = new Bytes(64);
        b.u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(0);
        name(b, name);
        b.u16(type).u16(1);
        return b.toArray();
    }

    /** A recursive resolver's answer; {@code rcode} 3 = NXDOMAIN (then {@code answers} is empty). */
    public static byte[] response(int id, String name, int type, int rcode, List<Rr> answers) {
        Bytes b = new Bytes(128);
        b.u16(id).u16(0x8180 | (rcode & 0xf)).u16(1).u16(answers.size()).u16(0).u16(0);
        name(b, name);
        b.u16(type).u16(1);
        for (Rr rr : answers) {
            rr(b, rr);
        }
        return b.toArray();
    }

    /** An mDNS query (RFC 6762 section 5): id 0, no flags. */
    public static byte[] mdnsQuery(String name, int type) {
        Bytes b = new Bytes(64);
        b.u16(0).u16(0).u16(1).u16(0).u16(0).u16(0);
        name(b, name);
        b.u16(type).u16(1);
        return b.toArray();
    }

    /** An unsolicited mDNS announcement (RFC 6762 section 8.3): authoritative, no question. */
    public static byte[] mdnsAnnouncement(List<Rr> answers) {
        Bytes b = new Bytes(256);
        b.u16(0).u16(0x8400).u16(0).u16(answers.size()).u16(0).u16(0);
        for (Rr rr : answers) {
            rr(b, rr);
        }
        return b.toArray();
    }

    private static void rr(Bytes b, Rr rr) {
        if (rr.name() == null) {
            b.u16(0xc00c);
        } else {
            name(b, rr.name());
        }
        b.u16(rr.type()).u16(rr.rrClass()).u32(rr.ttl()).u16(rr.rdata().length).bytes(rr.rdata());
    }

    /** Writes a name as labels (RFC 1035 3.1); labels over 63 bytes are cut. */
    public static void name(Bytes b, String name) {
        if (!name.isEmpty()) {
            for (String label : name.split("\\.")) {
                byte[] l = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                int n = Math.min(63, l.length);
                b.u8(n).bytes(l, 0, n);
            }
        }
        b.u8(0);
    }

    /** The in-addr.arpa name of an IPv4 address (RFC 1035 3.5). */
    public static String reverseName(int ip) {
        return (ip & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 24) & 0xff)
                + ".in-addr.arpa";
    }
}
