package org.wardwatch.capture.flow;

import java.time.Instant;
import java.util.Arrays;
import org.wardwatch.capture.decode.Anomalies;
import org.wardwatch.capture.decode.DecodedPacket;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.obs.FlowRecord;

/**
 * Bidirectional flows keyed by VLAN (outer and inner tag), IP version, addresses, ports and IP
 * protocol, in primitive arrays (struct of arrays): nothing is allocated per packet.
 *
 * <p><b>Layout.</b> Flows live in dense slots {@code [0, maxFlows)}; the arrays start small and double
 * up to {@code maxFlows}. The key is five longs per slot: the two endpoint addresses in canonical
 * order (lower address/port first, "A"; IPv4 stored as IPv4-mapped IPv6) and one long packing both
 * ports, the protocol and both VLAN ids. A separate open-addressing index (linear probing, load at
 * most 1/2, backward-shift deletion) maps a 32-bit hash to slot numbers. Each slot is one record of
 * 16 longs (array of structs: a packet touches two cache lines), cold fields in side arrays: about
 * 180 bytes per flow. Packet counters are 32-bit per direction (a flow record restarts after the
 * active timeout anyway).
 *
 * <p><b>Client and server</b> (see {@code docs/flows.md}): a TCP SYN without ACK makes its sender
 * the client; a SYN-ACK seen first makes its receiver the client; otherwise (mid-stream TCP, UDP)
 * {@link #clientByPort}: a well-known port (below 1024) is the server's, else a registered port
 * (below 32768) facing an ephemeral one, else the lower port, except between two ephemeral UDP ports,
 * where the first sender is the client. ICMP echo/timestamp/information/address-mask requests
 * make their sender the client, replies their receiver; other protocols: the first sender.
 *
 * <p><b>Time and timeouts</b> come from packets: the clock is the latest packet time seen. Flows sit
 * in one LRU list per timeout class (TCP opening, TCP established, TCP closed, UDP, other), moved
 * to the tail at most once per second of packet time; {@link #expire}, which the engine calls once per
 * second of packet time, ends the flows idle longer than their class's timeout (end reason {@code fin}/{@code rst} for closed
 * TCP flows, else {@code idle_timeout}). A packet arriving more than {@code activeTimeout} after its
 * flow's first packet ends the flow ({@code active_timeout}) and starts a new one with the same
 * client and server and TCP state. A SYN on a TCP flow that was closed or reset starts a new flow
 * (port reuse). When the table is full a new flow evicts one: the least recently active closed TCP
 * flow if any, else the least recently active flow of any class (end reason {@code evicted},
 * anomaly {@code flow_evicted}).
 *
 * <p>Not thread-safe: one table per engine thread.
 */
public final class FlowTable {
    public static final int STATE_ACTIVE = 0;
    public static final int STATE_SYN_SENT = 1;
    public static final int STATE_SYN_RECEIVED = 2;
    public static final int STATE_ESTABLISHED = 3;
    public static final int STATE_MIDSTREAM = 4;
    public static final int STATE_CLOSING = 5;
    public static final int STATE_CLOSED = 6;
    public static final int STATE_RESET = 7;
    public static final int STATE_REJECTED = 8;
    private static final String[] STATE_NAMES = {"active", "syn_sent", "syn_received", "established", "midstream",
        "closing", "closed", "reset", "rejected"};

    public static final int END_FIN = 0;
    public static final int END_RST = 1;
    public static final int END_IDLE_TIMEOUT = 2;
    public static final int END_ACTIVE_TIMEOUT = 3;
    public static final int END_EVICTED = 4;
    public static final int END_OF_INPUT = 5;
    private static final String[] END_NAMES = {"fin", "rst", "idle_timeout", "active_timeout", "evicted", "end_of_input"};

    public static final int TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_ACK = 0x10;

    private static final int C_OPENING = 0, C_ESTABLISHED = 1, C_CLOSED = 2, C_UDP = 3, C_OTHER = 4, CLASSES = 5;
    private static final long SECOND = 1_000_000_000L;
    private static final long V4_MAPPED = 0xFFFF_0000_0000L;
    private static final int INITIAL_SLOTS = 1 << 14;

    // bits (in MISC)
    private static final int B_CLIENT_IS_A = 1, B_V6 = 2, B_STREAM = 4, B_FIN_A = 8, B_FIN_B = 16, B_LIVE = 32;

    /** Told when a flow ends, before its slot is freed (the table's accessors still describe it). */
    public interface EndHandler {
        void flowEnding(int slot, int reason);
    }

    private final FlowTableConfig config;
    private final long[] timeoutOfClass = new long[CLASSES];
    private final int maxFlows;
    private final Anomalies anomalies;
    private final int aEvicted;
    private EndHandler endHandler;

    private int slots;
    private int live;
    private long[] index;
    private int indexMask;

    /*
     * One record of STRIDE longs per slot (array of structs: a packet touches two cache lines, not one
     * per field). Cold fields (list links, generation, stream handle, application) live in side arrays.
     */
    private static final int STRIDE = 16, SHIFT = 4;
    private static final int K = 0, FIRST = 5, LAST = 6, PKTS = 7, BYTES_A = 8, BYTES_B = 9, PAY_A = 10, PAY_B = 11,
            MAC_A = 12, MAC_B = 13, TOUCH = 14, MISC = 15;
    private static final long MAC_MASK = 0xFFFF_FFFF_FFFFL;
    // MAC_A: mac | client... A's TCP flags << 48 (12 bits) | state << 60; MAC_B: mac | B's TCP flags << 48 | class << 60
    // MISC: hash (low 32 bits) | bits << 32
    private long[] rec;
    private int[] prev, next;
    private long[] generation;
    private int[] stream;
    private Object[] application;
    /** The flow's id once asked for (by a listener or for its record): made once per flow. */
    private FlowId[] ids;
    private int[] free;
    private int freeTop;
    private final int[] head = new int[CLASSES];
    private final int[] tail = new int[CLASSES];

    private long clock = Long.MIN_VALUE;

    private boolean lastCreated, lastFromClient;

    private long flowsCreated, evictedPackets, evictedBytes, peak;
    private final long[] endCounts = new long[END_NAMES.length];

    public FlowTable(FlowTableConfig config, Anomalies anomalies) {
        this.config = config;
        this.maxFlows = config.maxFlows();
        this.anomalies = anomalies;
        this.aEvicted = anomalies.id("flow_evicted");
        timeoutOfClass[C_OPENING] = config.tcpOpeningTimeout();
        timeoutOfClass[C_ESTABLISHED] = config.tcpEstablishedTimeout();
        timeoutOfClass[C_CLOSED] = config.tcpClosedTimeout();
        timeoutOfClass[C_UDP] = config.udpTimeout();
        timeoutOfClass[C_OTHER] = config.otherTimeout();
        Arrays.fill(head, -1);
        Arrays.fill(tail, -1);
        allocate(Math.min(maxFlows, INITIAL_SLOTS));
    }

    public void setEndHandler(EndHandler handler) {
        this.endHandler = handler;
    }

    public FlowTableConfig config() {
        return config;
    }

    // ---- storage ----

    private void allocate(int n) {
        int old = slots;
        rec = rec == null ? new long[n << SHIFT] : Arrays.copyOf(rec, n << SHIFT);
        prev = grow(prev, n);
        next = grow(next, n);
        generation = grow(generation, n);
        stream = grow(stream, n);
        Arrays.fill(stream, old, n, -1);
        application = application == null ? new Object[n] : Arrays.copyOf(application, n);
        ids = ids == null ? new FlowId[n] : Arrays.copyOf(ids, n);
        int[] nf = new int[n];
        if (free != null) {
            System.arraycopy(free, 0, nf, 0, freeTop);
        }
        free = nf;
        for (int s = n - 1; s >= old; s--) {
            free[freeTop++] = s;
        }
        slots = n;
        int indexSize = Integer.highestOneBit(Math.max(2, n) - 1) << 2; // >= 2n, power of two
        index = new long[indexSize];
        indexMask = indexSize - 1;
        for (int s = 0; s < old; s++) {
            if ((bits(s) & B_LIVE) != 0) {
                indexInsert(s, hashOf(s));
            }
        }
    }

    private int bits(int s) {
        return (int) (rec[(s << SHIFT) + MISC] >>> 32) & 0xFF;
    }

    private void setBits(int s, int b) {
        int i = (s << SHIFT) + MISC;
        rec[i] = (rec[i] & 0xFFFF_FFFFL) | ((long) (b & 0xFF) << 32);
    }

    private int hashOf(int s) {
        return (int) rec[(s << SHIFT) + MISC];
    }

    private int cls(int s) {
        return (int) (rec[(s << SHIFT) + MAC_B] >>> 60);
    }

    private void setCls(int s, int c) {
        int i = (s << SHIFT) + MAC_B;
        rec[i] = (rec[i] & ~(0xFL << 60)) | ((long) c << 60);
    }

    private void setState(int s, int st) {
        int i = (s << SHIFT) + MAC_A;
        rec[i] = (rec[i] & ~(0xFL << 60)) | ((long) st << 60);
    }

    private static long[] grow(long[] a, int n) {
        return a == null ? new long[n] : Arrays.copyOf(a, n);
    }

    private static int[] grow(int[] a, int n) {
        return a == null ? new int[n] : Arrays.copyOf(a, n);
    }

    private static int hash(long a0, long a1, long b0, long b1, long meta) {
        long h = a1 * 0x9E3779B97F4A7C15L + b1 * 0xC2B2AE3D27D4EB4FL + meta * 0x165667B19E3779F9L
                + (a0 ^ Long.rotateLeft(b0, 29)) * 0xD6E8FEB86659FD93L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (int) h ^ (int) (h >>> 32);
    }

    private int find(int h, long a0, long a1, long b0, long b1, long meta) {
        long[] idx = index;
        int mask = indexMask;
        int i = h & mask;
        for (;;) {
            long e = idx[i];
            if (e == 0) {
                return -1;
            }
            if ((int) (e >>> 32) == h) {
                int s = (int) e - 1;
                int k = s << SHIFT;
                long[] r = rec;
                // one branch for the whole key: a rarely failing chain of them costs the JIT recompilations
                if (((r[k + 4] ^ meta) | (r[k + 1] ^ a1) | (r[k + 3] ^ b1) | (r[k] ^ a0) | (r[k + 2] ^ b0)) == 0) {
                    return s;
                }
            }
            i = (i + 1) & mask;
        }
    }

    private void indexInsert(int slot, int h) {
        int i = h & indexMask;
        while (index[i] != 0) {
            i = (i + 1) & indexMask;
        }
        index[i] = ((long) h << 32) | ((slot + 1) & 0xFFFF_FFFFL);
    }

    private void indexRemove(int slot) {
        int mask = indexMask;
        int i = hashOf(slot) & mask;
        long want = (slot + 1) & 0xFFFF_FFFFL;
        while ((index[i] & 0xFFFF_FFFFL) != want) {
            i = (i + 1) & mask;
        }
        // backward-shift deletion keeps probe chains intact without tombstones
        int j = i;
        for (;;) {
            j = (j + 1) & mask;
            long e = index[j];
            if (e == 0) {
                break;
            }
            int home = (int) (e >>> 32) & mask;
            boolean movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
            if (movable) {
                index[i] = e;
                i = j;
            }
        }
        index[i] = 0;
    }

    // ---- LRU lists per timeout class ----

    private void append(int s, int c) {
        setCls(s, c);
        prev[s] = tail[c];
        next[s] = -1;
        if (tail[c] >= 0) {
            next[tail[c]] = s;
        } else {
            head[c] = s;
        }
        tail[c] = s;
    }

    private void unlink(int s) {
        int c = cls(s);
        int p = prev[s], n = next[s];
        if (p >= 0) {
            next[p] = n;
        } else {
            head[c] = n;
        }
        if (n >= 0) {
            prev[n] = p;
        } else {
            tail[c] = p;
        }
    }

    private static int classOf(int protocol, int st) {
        if (protocol == 6) {
            switch (st) {
                case STATE_SYN_SENT:
                case STATE_SYN_RECEIVED:
                    return C_OPENING;
                case STATE_CLOSED:
                case STATE_RESET:
                case STATE_REJECTED:
                    return C_CLOSED;
                default:
                    return C_ESTABLISHED;
            }
        }
        return protocol == 17 ? C_UDP : C_OTHER;
    }

    // ---- the packet path ----

    /**
     * Accounts {@code d} (an IP packet, not a fragment) to its flow, creating the flow if needed.
     * Flows that end on the way (timeouts, eviction, port reuse) are reported to the end handler first.
     *
     * @return the flow's slot; {@link #lastCreated()} and {@link #lastFromClient()} describe the packet
     */
    public int packet(DecodedPacket d) {
        long ts = d.tsNanos;
        if (ts > clock) {
            clock = ts;
        }
        long sHi, sLo, dHi, dLo;
        if (d.ipVersion == 4) {
            sHi = 0;
            sLo = V4_MAPPED | d.srcIpLo;
            dHi = 0;
            dLo = V4_MAPPED | d.dstIpLo;
        } else {
            sHi = d.srcIpHi;
            sLo = d.srcIpLo;
            dHi = d.dstIpHi;
            dLo = d.dstIpLo;
        }
        int sp = d.srcPort, dp = d.dstPort;
        int c = Long.compareUnsigned(sHi, dHi);
        if (c == 0) {
            c = Long.compareUnsigned(sLo, dLo);
            if (c == 0) {
                c = Integer.compare(sp, dp);
            }
        }
        boolean srcIsA = c <= 0;
        long a0, a1, b0, b1;
        int pa, pb;
        if (srcIsA) {
            a0 = sHi;
            a1 = sLo;
            b0 = dHi;
            b1 = dLo;
            pa = sp;
            pb = dp;
        } else {
            a0 = dHi;
            a1 = dLo;
            b0 = sHi;
            b1 = sLo;
            pa = dp;
            pb = sp;
        }
        int protocol = d.ipProtocol;
        long meta = ((long) pa << 48) | ((long) pb << 32) | ((long) protocol << 24) | ((long) (d.vlan & 0xFFF) << 12)
                | (d.innerVlan & 0xFFF);
        int h = hash(a0, a1, b0, b1, meta);
        int s = find(h, a0, a1, b0, b1, meta);
        lastCreated = false;
        int carriedState = -1;
        int carriedClientIsA = -1;
        if (s >= 0) {
            int st = state(s);
            if (protocol == 6 && (d.tcpFlags & (TCP_SYN | TCP_ACK)) == TCP_SYN
                    && (st == STATE_CLOSED || st == STATE_RESET || st == STATE_REJECTED)) {
                end(s, st == STATE_CLOSED ? END_FIN : END_RST); // port reuse: a new connection
                s = -1;
            } else if (ts - rec[(s << SHIFT) + FIRST] >= config.activeTimeout()) {
                carriedState = st;
                carriedClientIsA = bits(s) & B_CLIENT_IS_A;
                end(s, END_ACTIVE_TIMEOUT);
                s = -1;
            }
        }
        if (s < 0) {
            s = create(h, a0, a1, b0, b1, meta, d.ipVersion == 6, ts);
            boolean clientIsA;
            if (carriedClientIsA >= 0) {
                clientIsA = carriedClientIsA != 0;
                setState(s, carriedState);
            } else {
                clientIsA = clientIsSource(d) == srcIsA;
            }
            if (clientIsA) {
                setBits(s, bits(s) | B_CLIENT_IS_A);
            }
            append(s, classOf(protocol, state(s)));
            lastCreated = true;
        }
        update(s, d, srcIsA, ts, protocol);
        return s;
    }

    /** Whether the first packet's sender is the client (the rule in the class comment). */
    static boolean clientIsSource(DecodedPacket d) {
        switch (d.ipProtocol) {
            case 6: {
                int f = d.tcpFlags;
                if ((f & TCP_SYN) != 0) {
                    return (f & TCP_ACK) == 0;
                }
                return clientByPort(d.srcPort, d.dstPort, false);
            }
            case 17:
                return clientByPort(d.srcPort, d.dstPort, true);
            case 1:
                switch (d.icmpType) {
                    case 0:  // echo reply
                    case 14: // timestamp reply
                    case 16: // information reply
                    case 18: // address mask reply
                        return false;
                    default:
                        return true;
                }
            case 58:
                return d.icmpType != 129; // echo reply
            default:
                return true;
        }
    }

    /** Start of the ephemeral port range of Linux (32768-60999), the BSDs, macOS and Windows since Vista (49152+). */
    public static final int EPHEMERAL_PORTS = 32768;

    /**
     * Port rule, for a first packet that does not say who the client is: a port below 1024 is a
     * server's; else a port below {@value #EPHEMERAL_PORTS} facing an ephemeral one is a server's; else
     * the lower port is the server's (67 against 68, 5060 against 5062), except that between two
     * ephemeral ports the first sender is the client of a datagram flow ({@code datagram}: the first
     * datagram seen is most likely a request to a service on a random port); equal ports: the sender.
     *
     * @return whether the packet's sender ({@code srcPort}) is the client
     */
    public static boolean clientByPort(int srcPort, int dstPort, boolean datagram) {
        if (srcPort == dstPort) {
            return true;
        }
        boolean srcWellKnown = srcPort < 1024, dstWellKnown = dstPort < 1024;
        if (srcWellKnown != dstWellKnown) {
            return dstWellKnown;
        }
        boolean srcEphemeral = srcPort >= EPHEMERAL_PORTS, dstEphemeral = dstPort >= EPHEMERAL_PORTS;
        if (srcEphemeral != dstEphemeral) {
            return srcEphemeral;
        }
        if (srcEphemeral && datagram) {
            return true; // two ephemeral ports: a service on a random port answering; believe the first datagram
        }
        return dstPort < srcPort;
    }

    private int create(int h, long a0, long a1, long b0, long b1, long meta, boolean v6, long ts) {
        if (freeTop == 0) {
            if (slots < maxFlows) {
                allocate((int) Math.min(maxFlows, (long) slots * 2));
            } else {
                evictOne();
            }
        }
        int s = free[--freeTop];
        int k = s << SHIFT;
        long[] r = rec;
        r[k] = a0;
        r[k + 1] = a1;
        r[k + 2] = b0;
        r[k + 3] = b1;
        r[k + 4] = meta;
        r[k + FIRST] = ts;
        r[k + LAST] = ts;
        r[k + PKTS] = 0;
        r[k + BYTES_A] = r[k + BYTES_B] = r[k + PAY_A] = r[k + PAY_B] = 0;
        r[k + MAC_A] = 0; // MAC, TCP flags, state ACTIVE
        r[k + MAC_B] = 0;
        r[k + TOUCH] = clock;
        r[k + MISC] = (h & 0xFFFF_FFFFL) | ((long) (B_LIVE | (v6 ? B_V6 : 0)) << 32);
        indexInsert(s, h);
        generation[s]++;
        application[s] = null;
        ids[s] = null;
        stream[s] = -1;
        live++;
        flowsCreated++;
        long up = live - peak;
        peak += up & ~(up >> 63); // max without a branch: a rarely taken one costs the JIT a recompilation
        return s;
    }

    private void update(int s, DecodedPacket d, boolean fromA, long ts, int protocol) {
        long[] r = rec;
        int k = s << SHIFT;
        int b = (int) (r[k + MISC] >>> 32);
        lastFromClient = fromA == ((b & B_CLIENT_IS_A) != 0);
        if (ts > r[k + LAST]) {
            r[k + LAST] = ts;
        }
        long flags = d.tcpFlags & 0xFFF;
        long macA = r[k + MAC_A], macB = r[k + MAC_B];
        if (fromA) {
            r[k + PKTS]++;
            r[k + BYTES_A] += d.frameLength;
            r[k + PAY_A] += d.payloadOrigLength;
            macA |= flags << 48;
            if ((macA & MAC_MASK) == 0) {
                macA |= d.srcMac & MAC_MASK;
                if ((macB & MAC_MASK) == 0) {
                    macB |= d.dstMac & MAC_MASK;
                }
            }
        } else {
            r[k + PKTS] += 1L << 32;
            r[k + BYTES_B] += d.frameLength;
            r[k + PAY_B] += d.payloadOrigLength;
            macB |= flags << 48;
            if ((macB & MAC_MASK) == 0) {
                macB |= d.srcMac & MAC_MASK;
                if ((macA & MAC_MASK) == 0) {
                    macA |= d.dstMac & MAC_MASK;
                }
            }
        }
        r[k + MAC_A] = macA;
        r[k + MAC_B] = macB;
        int c = (int) (macB >>> 60);
        if (protocol == 6) {
            int st = (int) (macA >>> 60);
            int nst = tcpTransition(s, st, (int) flags, lastFromClient, fromA, d.payloadOrigLength > 0);
            if (nst != st) {
                setState(s, nst);
                int nc = classOf(6, nst);
                if (nc != c) {
                    unlink(s);
                    append(s, nc);
                    r[k + TOUCH] = clock;
                    return;
                }
            }
        }
        if (clock - r[k + TOUCH] >= SECOND) {
            unlink(s);
            append(s, c);
            r[k + TOUCH] = clock;
        }
    }

    private int tcpTransition(int s, int st, int f, boolean fromClient, boolean fromA, boolean hasPayload) {
        if (st == STATE_CLOSED || st == STATE_RESET || st == STATE_REJECTED) {
            return st;
        }
        if ((f & TCP_RST) != 0) {
            return st == STATE_SYN_SENT && !fromClient ? STATE_REJECTED : STATE_RESET;
        }
        boolean syn = (f & TCP_SYN) != 0, ack = (f & TCP_ACK) != 0;
        switch (st) {
            case STATE_ACTIVE: // the flow's first packet
                st = syn ? (ack ? STATE_SYN_RECEIVED : STATE_SYN_SENT) : STATE_MIDSTREAM;
                break;
            case STATE_SYN_SENT:
                if (syn && ack && !fromClient) {
                    st = STATE_SYN_RECEIVED;
                } else if (!syn && (ack || hasPayload)) {
                    st = STATE_ESTABLISHED; // the SYN-ACK was not captured
                }
                break;
            case STATE_SYN_RECEIVED:
                if (!syn && (ack || hasPayload)) {
                    st = STATE_ESTABLISHED;
                }
                break;
            default:
                break;
        }
        if ((f & TCP_FIN) != 0) {
            int b = bits(s) | (fromA ? B_FIN_A : B_FIN_B);
            setBits(s, b);
            st = (b & (B_FIN_A | B_FIN_B)) == (B_FIN_A | B_FIN_B) ? STATE_CLOSED : STATE_CLOSING;
        }
        return st;
    }

    // ---- ending flows ----

    private void sweep(long now) {
        for (int c = 0; c < CLASSES; c++) {
            long t = timeoutOfClass[c];
            while (head[c] >= 0) {
                int s = head[c];
                if (now - rec[(s << SHIFT) + LAST] >= t) {
                    end(s, idleReason(s));
                } else if (now - rec[(s << SHIFT) + TOUCH] >= t) {
                    // active within its timeout but not moved lately: give it its place at the tail
                    unlink(s);
                    append(s, c);
                    rec[(s << SHIFT) + TOUCH] = rec[(s << SHIFT) + LAST];
                    if (head[c] == s) {
                        break;
                    }
                } else {
                    break;
                }
            }
        }
    }

    private int idleReason(int s) {
        switch (state(s)) {
            case STATE_CLOSED:
                return END_FIN;
            case STATE_RESET:
            case STATE_REJECTED:
                return END_RST;
            default:
                return END_IDLE_TIMEOUT;
        }
    }

    private void evictOne() {
        int victim = head[C_CLOSED];
        if (victim < 0) {
            for (int c = 0; c < CLASSES; c++) {
                int h = head[c];
                if (h >= 0 && (victim < 0 || rec[(h << SHIFT) + TOUCH] < rec[(victim << SHIFT) + TOUCH])) {
                    victim = h;
                }
            }
        }
        anomalies.count(aEvicted);
        evictedPackets += clientPackets(victim) + serverPackets(victim);
        evictedBytes += clientBytes(victim) + serverBytes(victim);
        end(victim, END_EVICTED);
    }

    private void end(int s, int reason) {
        endCounts[reason]++;
        if (endHandler != null) {
            endHandler.flowEnding(s, reason);
        }
        unlink(s);
        indexRemove(s);
        setBits(s, 0);
        application[s] = null;
        ids[s] = null;
        stream[s] = -1;
        free[freeTop++] = s;
        live--;
    }

    /** Ends every flow still open, with {@code reason} (normally {@link #END_OF_INPUT}). */
    public void flush(int reason) {
        for (int c = 0; c < CLASSES; c++) {
            while (head[c] >= 0) {
                end(head[c], reason);
            }
        }
    }

    /**
     * Ends the flows idle past their timeout at packet time {@code now}, and grows the table ahead of
     * need. The owner calls it as packet time advances: the engine does, once per second of packet time.
     */
    public void expire(long now) {
        if (now > clock) {
            clock = now;
        }
        sweep(clock);
        if (freeTop < (slots >>> 2) && slots < maxFlows) {
            allocate((int) Math.min(maxFlows, (long) slots * 2));
        }
    }

    // ---- per-packet results ----

    public boolean lastCreated() {
        return lastCreated;
    }

    public boolean lastFromClient() {
        return lastFromClient;
    }

    // ---- per-flow accessors (slot of a live flow) ----

    public boolean isLive(int s) {
        return s >= 0 && s < slots && (bits(s) & B_LIVE) != 0;
    }

    public long generation(int s) {
        return generation[s];
    }

    private boolean clientIsA(int s) {
        return (bits(s) & B_CLIENT_IS_A) != 0;
    }

    public int protocol(int s) {
        return (int) (rec[(s << SHIFT) + 4] >>> 24) & 0xFF;
    }

    public int vlan(int s) {
        return (int) (rec[(s << SHIFT) + 4] >>> 12) & 0xFFF;
    }

    public int innerVlan(int s) {
        return (int) rec[(s << SHIFT) + 4] & 0xFFF;
    }

    public int clientPort(int s) {
        long meta = rec[(s << SHIFT) + 4];
        return (int) (clientIsA(s) ? meta >>> 48 : meta >>> 32) & 0xFFFF;
    }

    public int serverPort(int s) {
        long meta = rec[(s << SHIFT) + 4];
        return (int) (clientIsA(s) ? meta >>> 32 : meta >>> 48) & 0xFFFF;
    }

    public IpAddress clientIp(int s) {
        return address(s, clientIsA(s) ? 0 : 2);
    }

    public IpAddress serverIp(int s) {
        return address(s, clientIsA(s) ? 2 : 0);
    }

    private IpAddress address(int s, int which) {
        long hi = rec[(s << SHIFT) + which], lo = rec[(s << SHIFT) + which + 1];
        if ((bits(s) & B_V6) == 0) {
            return IpAddress.ofV4((int) lo);
        }
        return IpAddress.ofV6(hi, lo);
    }

    public int ipVersion(int s) {
        return (bits(s) & B_V6) != 0 ? 6 : 4;
    }

    public long firstSeenNanos(int s) {
        return rec[(s << SHIFT) + FIRST];
    }

    public long lastSeenNanos(int s) {
        return rec[(s << SHIFT) + LAST];
    }

    public long clientMac(int s) {
        return rec[(s << SHIFT) + (clientIsA(s) ? MAC_A : MAC_B)] & MAC_MASK;
    }

    public long serverMac(int s) {
        return rec[(s << SHIFT) + (clientIsA(s) ? MAC_B : MAC_A)] & MAC_MASK;
    }

    public long clientPackets(int s) {
        long p = rec[(s << SHIFT) + PKTS];
        return clientIsA(s) ? p & 0xFFFF_FFFFL : p >>> 32;
    }

    public long serverPackets(int s) {
        long p = rec[(s << SHIFT) + PKTS];
        return clientIsA(s) ? p >>> 32 : p & 0xFFFF_FFFFL;
    }

    public long clientBytes(int s) {
        return rec[(s << SHIFT) + (clientIsA(s) ? BYTES_A : BYTES_B)];
    }

    public long serverBytes(int s) {
        return rec[(s << SHIFT) + (clientIsA(s) ? BYTES_B : BYTES_A)];
    }

    public long clientPayloadBytes(int s) {
        return rec[(s << SHIFT) + (clientIsA(s) ? PAY_A : PAY_B)];
    }

    public long serverPayloadBytes(int s) {
        return rec[(s << SHIFT) + (clientIsA(s) ? PAY_B : PAY_A)];
    }

    public int clientTcpFlags(int s) {
        return (int) (rec[(s << SHIFT) + (clientIsA(s) ? MAC_A : MAC_B)] >>> 48) & 0xFFF;
    }

    public int serverTcpFlags(int s) {
        return (int) (rec[(s << SHIFT) + (clientIsA(s) ? MAC_B : MAC_A)] >>> 48) & 0xFFF;
    }

    public int state(int s) {
        return (int) (rec[(s << SHIFT) + MAC_A] >>> 60);
    }

    public static String stateName(int state) {
        return STATE_NAMES[state];
    }

    public static String endReasonName(int reason) {
        return END_NAMES[reason];
    }

    public boolean streamRequested(int s) {
        return (bits(s) & B_STREAM) != 0;
    }

    public void setStreamRequested(int s, boolean on) {
        setBits(s, on ? bits(s) | B_STREAM : bits(s) & ~B_STREAM);
    }

    /** A reassembly handle the engine keeps per flow (-1: none). */
    public int streamHandle(int s) {
        return stream[s];
    }

    public void setStreamHandle(int s, int handle) {
        stream[s] = handle;
    }

    public String application(int s) {
        return (String) application[s];
    }

    public void setApplication(int s, String name) {
        application[s] = name;
    }

    /** The flow's id (made at the first call for the flow; its client side is fixed at creation). */
    public FlowId flowId(int s) {
        FlowId id = ids[s];
        if (id == null) {
            id = new FlowId(vlan(s), clientIp(s), clientPort(s), serverIp(s), serverPort(s), protocol(s));
            ids[s] = id;
        }
        return id;
    }

    /** The flow's record as it stands, ended for {@code reason} (allocates: once per flow). */
    public FlowRecord record(int s, int reason) {
        Instant first = instant(firstSeenNanos(s));
        Instant last = instant(lastSeenNanos(s));
        long cm = clientMac(s), sm = serverMac(s);
        String st = protocol(s) == 6 ? STATE_NAMES[state(s)] : "active";
        return new FlowRecord(last, flowId(s), first, last, cm == 0 ? null : MacAddress.of(cm), sm == 0 ? null : MacAddress.of(sm),
                innerVlan(s), clientPackets(s), clientBytes(s), serverPackets(s), serverBytes(s), clientPayloadBytes(s),
                serverPayloadBytes(s), clientTcpFlags(s), serverTcpFlags(s), st, END_NAMES[reason], application(s));
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, SECOND), Math.floorMod(nanos, SECOND));
    }

    // ---- table-wide counters ----

    /** Flows in the table now. */
    public int size() {
        return live;
    }

    /** Slots allocated so far (grows by doubling up to {@code maxFlows}); every live slot is below it. */
    public int slotLimit() {
        return slots;
    }

    public int maxFlows() {
        return maxFlows;
    }

    public long flowsCreated() {
        return flowsCreated;
    }

    public long peakFlows() {
        return peak;
    }

    public long evicted() {
        return endCounts[END_EVICTED];
    }

    public long evictedPackets() {
        return evictedPackets;
    }

    public long evictedBytes() {
        return evictedBytes;
    }

    /** Flows ended so far for {@code reason}. */
    public long ended(int reason) {
        return endCounts[reason];
    }

    /** The latest packet time seen (the table's clock). */
    public long clock() {
        return clock;
    }

    /** A reusable {@link FlowView} over this table's slots. */
    public Cursor cursor() {
        return new Cursor();
    }

    /** The {@link FlowView} of one slot, re-pointed by the engine (one instance, no allocation per packet). */
    public final class Cursor implements FlowView {
        private int slot = -1;

        public Cursor point(int s) {
            this.slot = s;
            return this;
        }

        @Override
        public int slot() {
            return slot;
        }

        @Override
        public long generation() {
            return generation[slot];
        }

        @Override
        public FlowId id() {
            return flowId(slot);
        }

        @Override
        public int protocol() {
            return FlowTable.this.protocol(slot);
        }

        @Override
        public int clientPort() {
            return FlowTable.this.clientPort(slot);
        }

        @Override
        public int serverPort() {
            return FlowTable.this.serverPort(slot);
        }

        @Override
        public int vlan() {
            return FlowTable.this.vlan(slot);
        }

        @Override
        public long firstSeenNanos() {
            return FlowTable.this.firstSeenNanos(slot);
        }

        @Override
        public long lastSeenNanos() {
            return FlowTable.this.lastSeenNanos(slot);
        }

        @Override
        public long clientMac() {
            return FlowTable.this.clientMac(slot);
        }

        @Override
        public long serverMac() {
            return FlowTable.this.serverMac(slot);
        }

        @Override
        public void requestStream() {
            if (protocol() == 6) {
                setStreamRequested(slot, true);
            }
        }

        @Override
        public void releaseStream() {
            setStreamRequested(slot, false);
        }

        @Override
        public void setApplication(String name) {
            FlowTable.this.setApplication(slot, name);
        }

        @Override
        public String application() {
            return FlowTable.this.application(slot);
        }

        public int innerVlan() {
            return FlowTable.this.innerVlan(slot);
        }

        public IpAddress clientIp() {
            return FlowTable.this.clientIp(slot);
        }

        public IpAddress serverIp() {
            return FlowTable.this.serverIp(slot);
        }

        public int state() {
            return FlowTable.this.state(slot);
        }

        public long clientPackets() {
            return FlowTable.this.clientPackets(slot);
        }

        public long serverPackets() {
            return FlowTable.this.serverPackets(slot);
        }

        public boolean streamRequested() {
            return FlowTable.this.streamRequested(slot);
        }
    }
}
