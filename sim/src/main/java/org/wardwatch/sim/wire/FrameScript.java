package org.wardwatch.sim.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * A short exchange of self-contained frames (ARP, DHCP, DNS, NTP, syslog, discovery...), built up
 * front because it is small. Frames must be added in time order.
 */
public final class FrameScript extends Conversation {
    private final List<Frame> frames = new ArrayList<>(4);
    private int next;
    /** The host whose VLAN unicast frames are seen on: the first unicast sender (the requester). */
    private Host viewpoint;

    /** One frame of a script. */
    public sealed interface Frame permits Udp, Arp {
        long time();

        void write(FrameBuffer fb, Host viewpoint);
    }

    /**
     * A UDP datagram. {@code toMac} &lt; 0 routes it normally to {@code dst}; otherwise the frame goes to
     * that MAC (broadcast, multicast) with {@code dstIp} as the IP destination.
     */
    public record Udp(long time, Host src, Host dst, int dstIp, long toMac, int ttl, int srcPort, int dstPort, byte[] payload)
            implements Frame {
        @Override
        public void write(FrameBuffer fb, Host viewpoint) {
            if (toMac < 0) {
                fb.route(src, dst, viewpoint);
            } else {
                fb.routeTo(src, toMac);
            }
            if (ttl > 0) {
                fb.ttl(ttl);
            }
            fb.put(fb.udpPayloadOffset(), payload);
            fb.finishUdp(src.ip(), dstIp, src.nextIpId(), srcPort, dstPort, payload.length);
        }
    }

    /** An ARP request or reply sent by {@code from} to {@code toMac}. */
    public record Arp(long time, Host from, long toMac, int op, long senderMac, int senderIp, long targetMac, int targetIp)
            implements Frame {
        @Override
        public void write(FrameBuffer fb, Host viewpoint) {
            fb.routeTo(from, toMac);
            fb.arp(op, senderMac, senderIp, targetMac, targetIp);
        }
    }

    public FrameScript add(Frame f) {
        if (!frames.isEmpty() && f.time() < frames.get(frames.size() - 1).time()) {
            throw new IllegalStateException("frames out of order");
        }
        frames.add(f);
        if (viewpoint == null && f instanceof Udp u && u.toMac() < 0) {
            viewpoint = u.src();
        }
        return this;
    }

    /** A unicast datagram. */
    public FrameScript udp(long time, Host src, int srcPort, Host dst, int dstPort, byte[] payload) {
        return add(new Udp(time, src, dst, dst.ip(), -1, 0, srcPort, dstPort, payload));
    }

    /** A datagram to a broadcast or multicast address, or one with an explicit TTL. */
    public FrameScript udpTo(long time, Host src, int srcPort, int dstIp, long toMac, int ttl, int dstPort, byte[] payload) {
        return add(new Udp(time, src, null, dstIp, toMac, ttl, srcPort, dstPort, payload));
    }

    public boolean isEmpty() {
        return frames.isEmpty();
    }

    @Override
    public long nextTime() {
        return frames.get(next).time();
    }

    @Override
    public void emit(FrameBuffer fb) {
        frames.get(next++).write(fb, viewpoint);
    }

    @Override
    public boolean done() {
        return next >= frames.size();
    }
}
