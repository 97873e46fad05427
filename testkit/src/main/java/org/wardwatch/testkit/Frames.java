package org.wardwatch.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.write.PcapWriter;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;

/**
 * Builds frames as bytes for tests: Ethernet, 802.1Q/802.1ad tags, ARP, LLC, IPv4 (options,
 * fragments), IPv6 (extension headers, fragments), TCP (options), UDP, ICMP, ICMPv6, GRE (with
 * transparent Ethernet bridging), ERSPAN type II and III, VXLAN, Linux cooked and loopback link
 * headers, with correct lengths and checksums (IPv4 header, TCP, UDP, ICMP, ICMPv6).
 *
 * <p>Layers are listed outside-in and serialized inside-out, so tunnels nest naturally:
 * <pre>{@code
 * byte[] f = Frames.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").vlan(100)
 *         .ipv4("192.0.2.1", "192.0.2.2").gre().erspan2(7)
 *         .ethernet("02:00:00:00:00:03", "02:00:00:00:00:04").vlan(20)
 *         .ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 104).flags(Frames.SYN).seq(1000)
 *         .build();
 * }</pre>
 * Setters such as {@link Builder#ttl}, {@link Builder#seq} or {@link Builder#flags} apply to the last
 * layer of their kind. Checksums of TCP/UDP/ICMPv6 use the nearest enclosing IP layer.
 */
public final class Frames {
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;

    private Frames() {
    }

    public static Builder ethernet(String srcMac, String dstMac) {
        return new Builder().ethernet(srcMac, dstMac);
    }

    public static Builder ethernet() {
        return ethernet("02:00:00:00:00:01", "02:00:00:00:00:02");
    }

    /** A frame without a link layer (for raw-IP link types, or the inside of an IP tunnel). */
    public static Builder raw() {
        return new Builder();
    }

    /** Bytes of a string in ASCII (payload helper). */
    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- layers ----

    private abstract static class Layer {
    }

    private static final class Eth extends Layer {
        long src, dst;
        int typeOverride = -1;
    }

    private static final class Vlan extends Layer {
        int tpid, vid, pcp;
    }

    private static final class Llc extends Layer {
        int dsap, ssap, control;
    }

    private static final class Arp extends Layer {
        int op;
        long senderMac, targetMac;
        int senderIp, targetIp;
    }

    private static final class Ip4 extends Layer {
        IpAddress src, dst;
        int ttl = 64, id = 1, tos;
        int fragmentOffset;
        boolean more, dontFragment;
        int protocolOverride = -1;
        byte[] options = new byte[0];
        int totalLengthOverride = -1;
        boolean badChecksum;
    }

    private static final class Ip6 extends Layer {
        IpAddress src, dst;
        int hopLimit = 64, flowLabel;
        List<int[]> extensions = new ArrayList<>(); // {type, length in bytes (multiple of 8)}
        int fragmentOffset = -1;  // -1: no fragment header
        boolean more;
        int id;
        int protocolOverride = -1;
        int payloadLengthOverride = -1;
    }

    private static final class Tcp extends Layer {
        int sport, dport, flags = ACK, window = 65535, urgent;
        long seq, ack;
        byte[] options = new byte[0];
        int dataOffsetOverride = -1;
    }

    private static final class Udp extends Layer {
        int sport, dport;
        int lengthOverride = -1;
    }

    private static final class Icmp extends Layer {
        boolean v6;
        int type, code;
        int rest;
    }

    private static final class Gre extends Layer {
        int protocolOverride = -1;
        Integer key;
        Long sequence;
        boolean checksum;
    }

    private static final class Erspan extends Layer {
        int type; // 1, 2 or 3
        int vlan, session;
        boolean platformSubheader;
    }

    private static final class Vxlan extends Layer {
        int vni;
    }

    private static final class Sll extends Layer {
        int version; // 1 or 2
        long mac;
    }

    private static final class Loop extends Layer {
        boolean networkOrder; // LINKTYPE_LOOP vs LINKTYPE_NULL (little-endian here)
    }

    /** Layers listed outside-in; {@link #build} serializes them. */
    public static final class Builder {
        private final List<Layer> layers = new ArrayList<>();
        private byte[] payload = new byte[0];

        private <T extends Layer> T last(Class<T> type) {
            for (int i = layers.size() - 1; i >= 0; i--) {
                if (type.isInstance(layers.get(i))) {
                    return type.cast(layers.get(i));
                }
            }
            throw new IllegalStateException("no " + type.getSimpleName() + " layer yet");
        }

        private Layer lastLayer() {
            return layers.get(layers.size() - 1);
        }

        public Builder ethernet(String srcMac, String dstMac) {
            Eth e = new Eth();
            e.src = MacAddress.parse(srcMac).value();
            e.dst = MacAddress.parse(dstMac).value();
            layers.add(e);
            return this;
        }

        /** An Ethernet header between two fixed locally administered MACs (02:00:00:00:00:01 to ...:02). */
        public Builder ethernet() {
            return ethernet("02:00:00:00:00:01", "02:00:00:00:00:02");
        }

        /** Forces the Ethernet type/length field (e.g. an unknown ethertype). */
        public Builder etherType(int type) {
            last(Eth.class).typeOverride = type;
            return this;
        }

        /** An 802.1Q tag (TPID 0x8100). */
        public Builder vlan(int vid) {
            return tag(0x8100, vid);
        }

        /** An 802.1ad service tag (TPID 0x88A8), the outer tag of a QinQ stack. */
        public Builder qinq(int vid) {
            return tag(0x88A8, vid);
        }

        public Builder tag(int tpid, int vid) {
            Vlan v = new Vlan();
            v.tpid = tpid;
            v.vid = vid;
            layers.add(v);
            return this;
        }

        /** An 802.3 frame with an LLC header (the Ethernet type field becomes the length). */
        public Builder llc(int dsap, int ssap, int control) {
            Llc l = new Llc();
            l.dsap = dsap;
            l.ssap = ssap;
            l.control = control;
            layers.add(l);
            return this;
        }

        /** An ARP request (op 1) or reply (op 2) for IPv4 over Ethernet. */
        public Builder arp(int op, String senderMac, String senderIp, String targetMac, String targetIp) {
            Arp a = new Arp();
            a.op = op;
            a.senderMac = MacAddress.parse(senderMac).value();
            a.targetMac = MacAddress.parse(targetMac).value();
            a.senderIp = IpAddress.parse(senderIp).v4();
            a.targetIp = IpAddress.parse(targetIp).v4();
            layers.add(a);
            return this;
        }

        /** A Linux cooked capture header (v1 or v2) in place of Ethernet. */
        public Builder sll(int version, String srcMac) {
            Sll s = new Sll();
            s.version = version;
            s.mac = MacAddress.parse(srcMac).value();
            layers.add(s);
            return this;
        }

        /** A BSD loopback header: LINKTYPE_LOOP (network order) or LINKTYPE_NULL (little-endian host). */
        public Builder loopback(boolean networkOrder) {
            Loop l = new Loop();
            l.networkOrder = networkOrder;
            layers.add(l);
            return this;
        }

        public Builder ipv4(String src, String dst) {
            Ip4 ip = new Ip4();
            ip.src = IpAddress.parse(src);
            ip.dst = IpAddress.parse(dst);
            layers.add(ip);
            return this;
        }

        public Builder ipv6(String src, String dst) {
            Ip6 ip = new Ip6();
            ip.src = IpAddress.parse(src);
            ip.dst = IpAddress.parse(dst);
            layers.add(ip);
            return this;
        }

        public Builder ttl(int ttl) {
            Layer l = lastIp();
            if (l instanceof Ip4) {
                ((Ip4) l).ttl = ttl;
            } else {
                ((Ip6) l).hopLimit = ttl;
            }
            return this;
        }

        private Layer lastIp() {
            for (int i = layers.size() - 1; i >= 0; i--) {
                if (layers.get(i) instanceof Ip4 || layers.get(i) instanceof Ip6) {
                    return layers.get(i);
                }
            }
            throw new IllegalStateException("no IP layer yet");
        }

        /** IPv4 identification, or IPv6 fragment identification. */
        public Builder ipId(int id) {
            Layer l = lastIp();
            if (l instanceof Ip4) {
                ((Ip4) l).id = id;
            } else {
                ((Ip6) l).id = id;
            }
            return this;
        }

        /** IPv4 options (padded to a multiple of 4 bytes by the caller). */
        public Builder ipOptions(byte[] options) {
            if (options.length % 4 != 0 || options.length > 40) {
                throw new IllegalArgumentException("IPv4 options must be a multiple of 4 bytes, at most 40");
            }
            last(Ip4.class).options = options.clone();
            return this;
        }

        /** Makes the last IP layer a fragment: offset in bytes (multiple of 8), more-fragments flag. */
        public Builder fragment(int offsetBytes, boolean more) {
            Layer l = lastIp();
            if (l instanceof Ip4) {
                ((Ip4) l).fragmentOffset = offsetBytes;
                ((Ip4) l).more = more;
            } else {
                ((Ip6) l).fragmentOffset = offsetBytes;
                ((Ip6) l).more = more;
            }
            return this;
        }

        public Builder dontFragment() {
            last(Ip4.class).dontFragment = true;
            return this;
        }

        /** Forces the IP protocol / next header of the last IP layer (for raw payloads). */
        public Builder protocol(int protocol) {
            Layer l = lastIp();
            if (l instanceof Ip4) {
                ((Ip4) l).protocolOverride = protocol;
            } else {
                ((Ip6) l).protocolOverride = protocol;
            }
            return this;
        }

        /** Forces the IPv4 total length field (malformed frames). */
        public Builder ipTotalLength(int length) {
            last(Ip4.class).totalLengthOverride = length;
            return this;
        }

        /** Forces the IPv6 payload length field (malformed frames). */
        public Builder ipv6PayloadLength(int length) {
            last(Ip6.class).payloadLengthOverride = length;
            return this;
        }

        /** Writes a wrong IPv4 header checksum. */
        public Builder badIpChecksum() {
            last(Ip4.class).badChecksum = true;
            return this;
        }

        /**
         * Adds an IPv6 extension header (0 hop-by-hop, 43 routing, 60 destination options, 51 AH) of
         * {@code lengthBytes} (a multiple of 8, at least 8), filled with padding options or zeros.
         */
        public Builder ipv6Extension(int type, int lengthBytes) {
            if (lengthBytes < 8 || lengthBytes % 8 != 0) {
                throw new IllegalArgumentException("extension length must be a positive multiple of 8");
            }
            last(Ip6.class).extensions.add(new int[] {type, lengthBytes});
            return this;
        }

        public Builder tcp(int sport, int dport) {
            Tcp t = new Tcp();
            t.sport = sport;
            t.dport = dport;
            layers.add(t);
            return this;
        }

        public Builder flags(int flags) {
            last(Tcp.class).flags = flags;
            return this;
        }

        public Builder seq(long seq) {
            last(Tcp.class).seq = seq & 0xFFFF_FFFFL;
            return this;
        }

        public Builder ack(long ack) {
            last(Tcp.class).ack = ack & 0xFFFF_FFFFL;
            return this;
        }

        public Builder window(int window) {
            last(Tcp.class).window = window;
            return this;
        }

        /** Raw TCP options (padded with NOPs/EOL to a multiple of 4 here). */
        public Builder tcpOptions(byte[] options) {
            int padded = (options.length + 3) & ~3;
            if (padded > 40) {
                throw new IllegalArgumentException("TCP options longer than 40 bytes");
            }
            last(Tcp.class).options = Arrays.copyOf(options, padded);
            return this;
        }

        /** MSS, SACK permitted, timestamps, NOP, window scale: a typical SYN's options. */
        public Builder synOptions(int mss, int windowScale) {
            return tcpOptions(new byte[] {2, 4, (byte) (mss >>> 8), (byte) mss, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1,
                3, 3, (byte) windowScale});
        }

        /** Forces the TCP data offset (in bytes; malformed frames). */
        public Builder tcpDataOffset(int bytes) {
            last(Tcp.class).dataOffsetOverride = bytes;
            return this;
        }

        public Builder udp(int sport, int dport) {
            Udp u = new Udp();
            u.sport = sport;
            u.dport = dport;
            layers.add(u);
            return this;
        }

        /** Forces the UDP length field (malformed frames). */
        public Builder udpLength(int length) {
            last(Udp.class).lengthOverride = length;
            return this;
        }

        /** ICMP (IPv4) type and code; {@code rest} is the 4 bytes after the checksum (e.g. echo id and sequence). */
        public Builder icmp(int type, int code, int rest) {
            Icmp i = new Icmp();
            i.type = type;
            i.code = code;
            i.rest = rest;
            layers.add(i);
            return this;
        }

        public Builder icmpv6(int type, int code, int rest) {
            Icmp i = new Icmp();
            i.v6 = true;
            i.type = type;
            i.code = code;
            i.rest = rest;
            layers.add(i);
            return this;
        }

        /** A GRE header (RFC 2784); its protocol type follows from the next layer. */
        public Builder gre() {
            layers.add(new Gre());
            return this;
        }

        public Builder greKey(int key) {
            last(Gre.class).key = key;
            return this;
        }

        public Builder greSequence(long seq) {
            last(Gre.class).sequence = seq;
            return this;
        }

        public Builder greChecksum() {
            last(Gre.class).checksum = true;
            return this;
        }

        /** Forces the GRE protocol type. */
        public Builder greProtocol(int type) {
            last(Gre.class).protocolOverride = type;
            return this;
        }

        /** ERSPAN type I (GRE 0x88BE without sequence number, no ERSPAN header). Follow with {@code gre()} first. */
        public Builder erspan1() {
            Erspan e = new Erspan();
            e.type = 1;
            layers.add(e);
            return this;
        }

        /** ERSPAN type II header (GRE protocol 0x88BE, sequence number present); {@code vlan} of the mirrored frame. */
        public Builder erspan2(int vlan) {
            Erspan e = new Erspan();
            e.type = 2;
            e.vlan = vlan;
            e.session = 1;
            layers.add(e);
            last(Gre.class).sequence = 1L;
            return this;
        }

        /** ERSPAN type III header (GRE protocol 0x22EB), optionally with the 8-byte platform-specific subheader. */
        public Builder erspan3(int vlan, boolean platformSubheader) {
            Erspan e = new Erspan();
            e.type = 3;
            e.vlan = vlan;
            e.session = 2;
            e.platformSubheader = platformSubheader;
            layers.add(e);
            last(Gre.class).sequence = 1L;
            return this;
        }

        /** A VXLAN header; put it after {@code udp(sport, 4789)}. */
        public Builder vxlan(int vni) {
            Vxlan v = new Vxlan();
            v.vni = vni;
            layers.add(v);
            return this;
        }

        public Builder payload(byte[] bytes) {
            this.payload = bytes.clone();
            return this;
        }

        public Builder payload(String ascii) {
            return payload(ascii(ascii));
        }

        // ---- serialization ----

        public byte[] build() {
            byte[] inner = payload;
            for (int i = layers.size() - 1; i >= 0; i--) {
                Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
                inner = wrap(layers.get(i), next, i, inner);
            }
            return inner;
        }

        /**
         * Builds the frame, then cuts the outermost IP datagram into fragments carrying at most
         * {@code maxFragmentData} payload bytes each (a multiple of 8), in order. Layers outside the IP
         * layer are repeated on every fragment.
         */
        public List<byte[]> buildFragments(int maxFragmentData) {
            if (maxFragmentData <= 0 || maxFragmentData % 8 != 0) {
                throw new IllegalArgumentException("fragment size must be a positive multiple of 8");
            }
            int ipIndex = -1;
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof Ip4 || layers.get(i) instanceof Ip6) {
                    ipIndex = i;
                    break;
                }
            }
            if (ipIndex < 0) {
                throw new IllegalStateException("no IP layer to fragment");
            }
            // the IP payload as built
            byte[] inner = payload;
            for (int i = layers.size() - 1; i > ipIndex; i--) {
                Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
                inner = wrap(layers.get(i), next, i, inner);
            }
            Layer ip = layers.get(ipIndex);
            Layer afterIp = ipIndex + 1 < layers.size() ? layers.get(ipIndex + 1) : null;
            int protocol = ip instanceof Ip4 ? protocolOf((Ip4) ip, afterIp) : protocolOf((Ip6) ip, afterIp);
            List<byte[]> out = new ArrayList<>();
            for (int off = 0; off < inner.length; off += maxFragmentData) {
                int len = Math.min(maxFragmentData, inner.length - off);
                boolean more = off + len < inner.length;
                Builder b = new Builder();
                for (int i = 0; i < ipIndex; i++) {
                    b.layers.add(layers.get(i));
                }
                if (ip instanceof Ip4) {
                    Ip4 src = (Ip4) ip;
                    Ip4 f = new Ip4();
                    f.src = src.src;
                    f.dst = src.dst;
                    f.ttl = src.ttl;
                    f.id = src.id;
                    f.options = src.options;
                    f.fragmentOffset = off;
                    f.more = more;
                    f.protocolOverride = protocol;
                    b.layers.add(f);
                } else {
                    Ip6 src = (Ip6) ip;
                    Ip6 f = new Ip6();
                    f.src = src.src;
                    f.dst = src.dst;
                    f.hopLimit = src.hopLimit;
                    f.extensions = src.extensions;
                    f.id = src.id;
                    f.fragmentOffset = off;
                    f.more = more;
                    f.protocolOverride = protocol;
                    b.layers.add(f);
                }
                b.payload = Arrays.copyOfRange(inner, off, off + len);
                out.add(b.build());
            }
            return out;
        }

        private Layer enclosingIp(int index) {
            for (int i = index - 1; i >= 0; i--) {
                if (layers.get(i) instanceof Ip4 || layers.get(i) instanceof Ip6) {
                    return layers.get(i);
                }
            }
            throw new IllegalStateException("transport layer without an IP layer");
        }

        private byte[] wrap(Layer l, Layer next, int index, byte[] inner) {
            if (l instanceof Eth) {
                Eth e = (Eth) l;
                ByteBuffer b = ByteBuffer.allocate(14 + inner.length);
                putMac(b, e.dst);
                putMac(b, e.src);
                int type = e.typeOverride >= 0 ? e.typeOverride : (next instanceof Llc ? inner.length : etherTypeOf(next));
                b.putShort((short) type).put(inner);
                return b.array();
            }
            if (l instanceof Vlan) {
                Vlan v = (Vlan) l;
                ByteBuffer b = ByteBuffer.allocate(4 + inner.length);
                b.putShort((short) ((v.pcp << 13) | v.vid));
                b.putShort((short) (next instanceof Llc ? inner.length : etherTypeOf(next))).put(inner);
                // the enclosing Ethernet (or tag) names this tag's TPID
                return b.array();
            }
            if (l instanceof Llc) {
                Llc c = (Llc) l;
                ByteBuffer b = ByteBuffer.allocate(3 + inner.length);
                b.put((byte) c.dsap).put((byte) c.ssap).put((byte) c.control).put(inner);
                return b.array();
            }
            if (l instanceof Arp) {
                Arp a = (Arp) l;
                ByteBuffer b = ByteBuffer.allocate(28 + inner.length);
                b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) a.op);
                putMac(b, a.senderMac);
                b.putInt(a.senderIp);
                putMac(b, a.targetMac);
                b.putInt(a.targetIp);
                b.put(inner);
                return b.array();
            }
            if (l instanceof Sll) {
                Sll s = (Sll) l;
                int protocol = etherTypeOf(next);
                if (s.version == 1) {
                    ByteBuffer b = ByteBuffer.allocate(16 + inner.length);
                    b.putShort((short) 0).putShort((short) 1).putShort((short) 6);
                    putMac(b, s.mac);
                    b.putShort((short) 0).putShort((short) protocol).put(inner);
                    return b.array();
                }
                ByteBuffer b = ByteBuffer.allocate(20 + inner.length);
                b.putShort((short) protocol).putShort((short) 0).putInt(1).putShort((short) 1).put((byte) 0).put((byte) 6);
                putMac(b, s.mac);
                b.putShort((short) 0).put(inner);
                return b.array();
            }
            if (l instanceof Loop) {
                Loop lo = (Loop) l;
                int family = next instanceof Ip6 ? (lo.networkOrder ? 24 : 30) : 2;
                ByteBuffer b = ByteBuffer.allocate(4 + inner.length);
                if (lo.networkOrder) {
                    b.putInt(family);
                } else {
                    b.put((byte) family).put((byte) 0).put((byte) 0).put((byte) 0);
                }
                b.put(inner);
                return b.array();
            }
            if (l instanceof Ip4) {
                return ipv4Bytes((Ip4) l, next, inner);
            }
            if (l instanceof Ip6) {
                return ipv6Bytes((Ip6) l, next, inner);
            }
            if (l instanceof Tcp) {
                return tcpBytes((Tcp) l, enclosingIp(index), inner);
            }
            if (l instanceof Udp) {
                Udp u = (Udp) l;
                ByteBuffer b = ByteBuffer.allocate(8 + inner.length);
                int len = u.lengthOverride >= 0 ? u.lengthOverride : 8 + inner.length;
                b.putShort((short) u.sport).putShort((short) u.dport).putShort((short) len).putShort((short) 0).put(inner);
                byte[] out = b.array();
                int sum = transportChecksum(enclosingIp(index), 17, out);
                if (sum == 0) {
                    sum = 0xFFFF;
                }
                out[6] = (byte) (sum >>> 8);
                out[7] = (byte) sum;
                return out;
            }
            if (l instanceof Icmp) {
                Icmp i = (Icmp) l;
                ByteBuffer b = ByteBuffer.allocate(8 + inner.length);
                b.put((byte) i.type).put((byte) i.code).putShort((short) 0).putInt(i.rest).put(inner);
                byte[] out = b.array();
                int sum = i.v6 ? transportChecksum(enclosingIp(index), 58, out) : checksum(out, 0, out.length, 0);
                out[2] = (byte) (sum >>> 8);
                out[3] = (byte) sum;
                return out;
            }
            if (l instanceof Gre) {
                Gre g = (Gre) l;
                int flags = (g.checksum ? 0x8000 : 0) | (g.key != null ? 0x2000 : 0) | (g.sequence != null ? 0x1000 : 0);
                int protocol = g.protocolOverride >= 0 ? g.protocolOverride : greProtocolOf(next);
                int len = 4 + (g.checksum ? 4 : 0) + (g.key != null ? 4 : 0) + (g.sequence != null ? 4 : 0);
                ByteBuffer b = ByteBuffer.allocate(len + inner.length);
                b.putShort((short) flags).putShort((short) protocol);
                if (g.checksum) {
                    b.putInt(0);
                }
                if (g.key != null) {
                    b.putInt(g.key);
                }
                if (g.sequence != null) {
                    b.putInt((int) (long) g.sequence);
                }
                b.put(inner);
                byte[] out = b.array();
                if (g.checksum) {
                    int sum = checksum(out, 0, out.length, 0);
                    out[4] = (byte) (sum >>> 8);
                    out[5] = (byte) sum;
                }
                return out;
            }
            if (l instanceof Erspan) {
                Erspan e = (Erspan) l;
                if (e.type == 1) {
                    return inner;
                }
                if (e.type == 2) {
                    ByteBuffer b = ByteBuffer.allocate(8 + inner.length);
                    b.putShort((short) ((1 << 12) | e.vlan));
                    // COS 0, En = 2 when a VLAN is named (the tag was stripped before mirroring), T 0, session id
                    b.putShort((short) (((e.vlan != 0 ? 2 : 0) << 11) | e.session));
                    b.putInt(0).put(inner);
                    return b.array();
                }
                ByteBuffer b = ByteBuffer.allocate(12 + (e.platformSubheader ? 8 : 0) + inner.length);
                b.putShort((short) ((2 << 12) | e.vlan)).putShort((short) e.session);
                b.putInt(0x12345678); // timestamp
                b.putShort((short) 0); // SGT
                b.putShort((short) (e.platformSubheader ? 1 : 0)); // P, FT = 0 (Ethernet), HW ID, D, Gra, O
                if (e.platformSubheader) {
                    b.putLong(0x0800_0000_0000_0000L);
                }
                b.put(inner);
                return b.array();
            }
            if (l instanceof Vxlan) {
                Vxlan v = (Vxlan) l;
                ByteBuffer b = ByteBuffer.allocate(8 + inner.length);
                b.putInt(0x0800_0000).putInt(v.vni << 8).put(inner);
                return b.array();
            }
            throw new IllegalStateException("unknown layer " + l);
        }

        private static int etherTypeOf(Layer next) {
            if (next instanceof Vlan) {
                return ((Vlan) next).tpid;
            }
            if (next instanceof Ip4) {
                return 0x0800;
            }
            if (next instanceof Ip6) {
                return 0x86DD;
            }
            if (next instanceof Arp) {
                return 0x0806;
            }
            return 0x88B5; // IEEE local experimental: raw payload
        }

        private static int greProtocolOf(Layer next) {
            if (next instanceof Eth) {
                return 0x6558;
            }
            if (next instanceof Erspan) {
                return ((Erspan) next).type == 3 ? 0x22EB : 0x88BE;
            }
            if (next instanceof Ip4) {
                return 0x0800;
            }
            if (next instanceof Ip6) {
                return 0x86DD;
            }
            return 0x88B5;
        }

        private static int ipProtocolOf(Layer next) {
            if (next instanceof Tcp) {
                return 6;
            }
            if (next instanceof Udp) {
                return 17;
            }
            if (next instanceof Icmp) {
                return ((Icmp) next).v6 ? 58 : 1;
            }
            if (next instanceof Gre) {
                return 47;
            }
            if (next instanceof Ip4) {
                return 4;
            }
            if (next instanceof Ip6) {
                return 41;
            }
            return 253; // RFC 3692 experimentation
        }

        private static int protocolOf(Ip4 ip, Layer next) {
            return ip.protocolOverride >= 0 ? ip.protocolOverride : ipProtocolOf(next);
        }

        private static int protocolOf(Ip6 ip, Layer next) {
            return ip.protocolOverride >= 0 ? ip.protocolOverride : ipProtocolOf(next);
        }

        private static byte[] ipv4Bytes(Ip4 ip, Layer next, byte[] inner) {
            int hl = 20 + ip.options.length;
            ByteBuffer b = ByteBuffer.allocate(hl + inner.length);
            int total = ip.totalLengthOverride >= 0 ? ip.totalLengthOverride : hl + inner.length;
            b.put((byte) (0x40 | (hl / 4))).put((byte) ip.tos).putShort((short) total).putShort((short) ip.id);
            int frag = (ip.dontFragment ? 0x4000 : 0) | (ip.more ? 0x2000 : 0) | (ip.fragmentOffset / 8);
            b.putShort((short) frag).put((byte) ip.ttl).put((byte) protocolOf(ip, next)).putShort((short) 0);
            b.putInt(ip.src.v4()).putInt(ip.dst.v4()).put(ip.options).put(inner);
            byte[] out = b.array();
            int sum = checksum(out, 0, hl, 0);
            if (ip.badChecksum) {
                sum ^= 0x5555;
            }
            out[10] = (byte) (sum >>> 8);
            out[11] = (byte) sum;
            return out;
        }

        private static byte[] ipv6Bytes(Ip6 ip, Layer next, byte[] inner) {
            int protocol = protocolOf(ip, next);
            ByteArrayOutputStream ext = new ByteArrayOutputStream();
            List<int[]> chain = new ArrayList<>(ip.extensions);
            if (ip.fragmentOffset >= 0) {
                chain.add(new int[] {44, 8});
            }
            for (int i = 0; i < chain.size(); i++) {
                int type = chain.get(i)[0], len = chain.get(i)[1];
                int nextHeader = i + 1 < chain.size() ? chain.get(i + 1)[0] : protocol;
                byte[] h = new byte[len];
                h[0] = (byte) nextHeader;
                if (type == 44) {
                    int offFlags = ip.fragmentOffset | (ip.more ? 1 : 0);
                    h[2] = (byte) (offFlags >>> 8);
                    h[3] = (byte) offFlags;
                    h[4] = (byte) (ip.id >>> 24);
                    h[5] = (byte) (ip.id >>> 16);
                    h[6] = (byte) (ip.id >>> 8);
                    h[7] = (byte) ip.id;
                } else if (type == 51) {
                    h[1] = (byte) (len / 4 - 2);
                } else {
                    h[1] = (byte) (len / 8 - 1);
                    if (type == 0 || type == 60) {
                        // PadN option filling the rest (RFC 8200 section 4.2)
                        h[2] = 1;
                        h[3] = (byte) (len - 4);
                    }
                }
                ext.writeBytes(h);
            }
            byte[] extBytes = ext.toByteArray();
            int first = chain.isEmpty() ? protocol : chain.get(0)[0];
            ByteBuffer b = ByteBuffer.allocate(40 + extBytes.length + inner.length);
            int payloadLength = ip.payloadLengthOverride >= 0 ? ip.payloadLengthOverride : extBytes.length + inner.length;
            b.putInt((6 << 28) | (ip.flowLabel & 0xFFFFF)).putShort((short) payloadLength).put((byte) first)
                    .put((byte) ip.hopLimit);
            b.putLong(ip.src.hi()).putLong(ip.src.lo()).putLong(ip.dst.hi()).putLong(ip.dst.lo());
            b.put(extBytes).put(inner);
            return b.array();
        }

        private static byte[] tcpBytes(Tcp t, Layer ip, byte[] inner) {
            int hl = 20 + t.options.length;
            ByteBuffer b = ByteBuffer.allocate(hl + inner.length);
            int dataOffset = t.dataOffsetOverride >= 0 ? t.dataOffsetOverride : hl;
            b.putShort((short) t.sport).putShort((short) t.dport).putInt((int) t.seq).putInt((int) t.ack);
            b.put((byte) (((dataOffset / 4) << 4) | ((t.flags >>> 8) & 0x0F))).put((byte) t.flags);
            b.putShort((short) t.window).putShort((short) 0).putShort((short) t.urgent).put(t.options).put(inner);
            byte[] out = b.array();
            int sum = transportChecksum(ip, 6, out);
            out[16] = (byte) (sum >>> 8);
            out[17] = (byte) sum;
            return out;
        }

        private static int transportChecksum(Layer ip, int protocol, byte[] segment) {
            int pseudo = 0;
            if (ip instanceof Ip4) {
                Ip4 v4 = (Ip4) ip;
                pseudo += sum32(v4.src.v4()) + sum32(v4.dst.v4());
            } else {
                Ip6 v6 = (Ip6) ip;
                pseudo += sum64(v6.src.hi()) + sum64(v6.src.lo()) + sum64(v6.dst.hi()) + sum64(v6.dst.lo());
            }
            pseudo += protocol + (segment.length & 0xFFFF) + (segment.length >>> 16);
            return checksum(segment, 0, segment.length, pseudo);
        }

        private static int sum32(int v) {
            return (v >>> 16) + (v & 0xFFFF);
        }

        private static int sum64(long v) {
            return sum32((int) (v >>> 32)) + sum32((int) v);
        }
    }

    /** The Internet checksum (RFC 1071) of {@code b[off, off+len)} plus {@code initial}. */
    public static int checksum(byte[] b, int off, int len, int initial) {
        long sum = initial & 0xFFFF_FFFFL;
        int i = off;
        for (; i + 1 < off + len; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < off + len) {
            sum += (b[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static void putMac(ByteBuffer b, long mac) {
        for (int i = 5; i >= 0; i--) {
            b.put((byte) (mac >>> (8 * i)));
        }
    }

    // ---- packets, sources and files ----

    /** A {@link Packet} over {@code frame} (Ethernet link type unless given), for feeding a decoder or engine. */
    public static Packet packet(byte[] frame, long tsNanos) {
        return packet(frame, tsNanos, PcapWriter.LINKTYPE_ETHERNET);
    }

    public static Packet packet(byte[] frame, long tsNanos, int linkType) {
        Packet p = new Packet().set(ByteBuffer.wrap(frame), 0, frame.length, frame.length, tsNanos, linkType);
        p.number = 1;
        return p;
    }

    /** A frame and its capture time. */
    public record Timed(long tsNanos, byte[] frame) {
    }

    /** Pairs each frame with a time: {@code startNanos}, then {@code stepNanos} apart. */
    public static List<Timed> timed(List<byte[]> frames, long startNanos, long stepNanos) {
        List<Timed> out = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            out.add(new Timed(startNanos + i * stepNanos, frames.get(i)));
        }
        return out;
    }

    /** Writes the frames to a pcap file with {@link PcapWriter} (nanosecond pcap; {@code .gz} compresses). */
    public static Path writePcap(Path file, int linkType, List<Timed> frames) throws IOException {
        try (PcapWriter w = PcapWriter.create(file, linkType)) {
            for (Timed t : frames) {
                w.write(t.tsNanos(), t.frame());
            }
        }
        return file;
    }

    public static Path writePcap(Path file, List<Timed> frames) throws IOException {
        return writePcap(file, PcapWriter.LINKTYPE_ETHERNET, frames);
    }

    /** A {@link org.wardwatch.capture.source.PacketSource} over frames in memory (Ethernet unless given). */
    public static FrameSource source(List<Timed> frames) {
        return new FrameSource(frames, PcapWriter.LINKTYPE_ETHERNET);
    }

    public static FrameSource source(List<Timed> frames, int linkType) {
        return new FrameSource(frames, linkType);
    }
}
