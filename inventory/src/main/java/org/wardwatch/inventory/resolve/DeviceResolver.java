package org.wardwatch.inventory.resolve;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.wardwatch.inventory.rules.Effect;
import org.wardwatch.inventory.rules.Locator;
import org.wardwatch.inventory.rules.RuleEngine;
import org.wardwatch.model.FlowId;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.Claim;
import org.wardwatch.model.device.Evidence;
import org.wardwatch.model.obs.AddressSeen;
import org.wardwatch.model.obs.FlowRecord;

/**
 * Turns the observation stream into one {@link DeviceState} per physical device.
 *
 * <h2>How devices are told apart</h2>
 * <ul>
 *   <li>A device with a MAC address is keyed by it. ARP, NDP and DHCP ({@link AddressSeen}, and rule
 *       {@code address} bindings such as a DHCP ACK) bind an IP address on a VLAN to a MAC <em>from that
 *       moment</em>: later observations that name only the IP go to that MAC's device, so a reused IP
 *       (a new DHCP lease to another device) is attributed to its new holder, and renewals extend the same
 *       address period.</li>
 *   <li>An IP address with no binding is held by a layer-3 state keyed by (VLAN, address). At the end,
 *       if every flow carried that address with one MAC, and that MAC is not a router, the state joins
 *       that MAC's device. Otherwise the address belongs to a device behind a router, known only by its
 *       address within its segment: a {@code layer3Only} device.</li>
 *   <li>An unbound address on one VLAN whose address is bound to a device on another VLAN is that device's
 *       routed view (seen through a router): its traffic joins the device, not its address or VLAN. (The same
 *       private address plan reused on two VLANs is therefore not told apart.)</li>
 *   <li>A MAC is a router when it carries traffic to addresses outside the private ranges, or more than
 *       {@value #ROUTER_V4} IPv4 / {@value #ROUTER_V6} IPv6 addresses in flows.</li>
 *   <li>Only private addresses (RFC 1918, RFC 4193, link-local) or addresses bound to a MAC become devices:
 *       internet servers are peers, not inventory. A layer-3 address that never answered (a scan target)
 *       is not a device.</li>
 *   <li>Randomized (locally administered) MACs are flagged; two of them with the same distinctive DHCP
 *       hostname whose lifetimes do not overlap are merged (the phone rotated its address).</li>
 * </ul>
 * Memory: at most {@code maxDevices} states (then new devices are counted, not kept), each capped.
 */
public final class DeviceResolver {
    static final int ROUTER_V4 = 2;
    static final int ROUTER_V6 = 8;
    private static final Set<String> GENERIC_HOSTNAMES = Set.of("iphone", "ipad", "android", "localhost", "galaxy",
            "unknown", "mobile", "phone", "laptop", "desktop", "pc", "host", "client", "dhcp", "macbook", "macbook-pro",
            "macbook-air", "imac", "ipod", "watch");

    /** An address on a VLAN. Keys in maps are never changed; {@link #probe} is re-aimed for each lookup. */
    private static final class IpKey {
        private int vlan;
        private IpAddress ip;

        IpKey(int vlan, IpAddress ip) {
            this.vlan = vlan;
            this.ip = ip;
        }

        int vlan() {
            return vlan;
        }

        IpAddress ip() {
            return ip;
        }

        IpKey aim(int vlan, IpAddress ip) {
            this.vlan = vlan;
            this.ip = ip;
            return this;
        }

        @Override
        public boolean equals(Object o) {
            // the address record's components compared in place (what its equals compares)
            return o instanceof IpKey k && k.vlan == vlan && k.ip.lo() == ip.lo() && k.ip.hi() == ip.hi() && k.ip.v6() == ip.v6();
        }

        @Override
        public int hashCode() {
            // spread structured addresses (10.x.y.z on many VLANs) over the table; the record default collides
            long h = (ip.lo() ^ Long.rotateLeft(ip.hi(), 17)) * 0x9E3779B97F4A7C15L + vlan;
            return (int) (h ^ (h >>> 32));
        }
    }

    /** The key re-aimed for lookups (never stored). */
    private final IpKey probe = new IpKey(0, null);
    private final java.util.function.Consumer<Effect> applier = this::apply;

    /** Small set of IPs a MAC carried in flows (counted up to the router thresholds). */
    private static final class MacIps {
        final List<IpAddress> v4 = new ArrayList<>(1);
        final List<IpAddress> v6 = new ArrayList<>(1);

        void add(IpAddress ip) {
            List<IpAddress> l = ip.v6() ? v6 : v4;
            int cap = ip.v6() ? ROUTER_V6 + 1 : ROUTER_V4 + 1;
            if (l.size() < cap && !l.contains(ip)) {
                if (ip.v6() && (ip.hi() >>> 54) == (0xFE80L >>> 6)) {
                    return; // link-local: every host has one besides its others
                }
                l.add(ip);
            }
        }

        boolean many() {
            return v4.size() > ROUTER_V4 || v6.size() > ROUTER_V6;
        }
    }

    private final RuleEngine engine;
    private final int maxDevices;
    private final Map<Long, DeviceState> byMac = new HashMap<>();
    private final Map<IpKey, DeviceState> bound = new HashMap<>();
    private final Map<IpAddress, DeviceState> boundAnyVlan = new HashMap<>();
    private final Set<IpAddress> boundOnSeveralVlans = new HashSet<>();
    private final Map<IpKey, DeviceState> layer3 = new HashMap<>();
    private final Map<Long, MacIps> macIps = new HashMap<>();
    private final Set<Long> gatewayMacs = new HashSet<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private long observations;

    public DeviceResolver(RuleEngine engine, int maxDevices) {
        this.engine = engine;
        this.maxDevices = maxDevices;
    }

    /** Named counts: observations seen, devices refused at the cap, unconfirmed layer-3 addresses, rule errors. */
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>(counters);
        out.put("observations", observations);
        engine.skipped().forEach((k, v) -> out.put("rule_" + k, v));
        return out;
    }

    public int size() {
        return byMac.size() + layer3.size();
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    public void accept(Observation o) {
        observations++;
        try {
            if (o instanceof AddressSeen a) {
                bind(a.mac(), a.ip(), a.vlan(), a.ts());
            } else if (o instanceof FlowRecord f) {
                flow(f);
            }
            engine.apply(o, applier);
        } catch (RuntimeException e) {
            count("inventory_observation_error");
        }
    }

    private void apply(Effect e) {
        if (e instanceof Effect.Bind b) {
            bind(b.mac(), b.ip(), b.vlan(), b.ts());
            return;
        }
        DeviceState d = locate(e.locator(), e.ts());
        if (d == null) {
            return;
        }
        applyTo(d, e);
    }

    private static void applyTo(DeviceState d, Effect e) {
        d.seen(e.ts());
        d.alive = true;
        if (e instanceof Effect.AddClaim c) {
            d.claim(c.claim());
        } else if (e instanceof Effect.AddHostname h) {
            d.hostname(h.name(), h.source(), h.ts());
        } else if (e instanceof Effect.AddRole r) {
            d.role(r.role());
        } else if (e instanceof Effect.AddSoftware s) {
            d.software(s.software());
        } else if (e instanceof Effect.Bind b) {
            d.address(b.ip(), b.vlan(), b.ts());
        }
    }

    private DeviceState locate(Locator l, Instant ts) {
        if (l.mac() != null) {
            return macDevice(l.mac(), ts);
        }
        return l.ip() == null ? null : ipDevice(l.vlan(), l.ip(), true);
    }

    private static boolean usableMac(MacAddress mac) {
        return mac != null && mac.value() != 0 && !mac.isMulticast();
    }

    private static boolean usableIp(IpAddress ip) {
        if (ip == null || ip.isMulticast() || ip.isBroadcast()) {
            return false;
        }
        // 127.0.0.1 is every host's own; other loopback aliases are kept so that tests with real peers bound to
        // 127.0.0.x can tell the peers apart
        return ip.v6() ? (ip.hi() != 0 || ip.lo() > 1) : ip.lo() != 0 && ip.lo() != 0x7F000001L && (ip.lo() & 0xFF) != 0xFF;
    }

    private DeviceState macDevice(MacAddress mac, Instant ts) {
        if (!usableMac(mac)) {
            return null;
        }
        DeviceState d = byMac.get(mac.value());
        if (d == null) {
            if (size() >= maxDevices) {
                count("inventory_device_cap");
                return null;
            }
            d = new DeviceState(macId(mac.value()));
            d.addMac(mac);
            byMac.put(mac.value(), d);
        }
        d.seen(ts);
        return d;
    }

    private DeviceState ipDevice(int vlan, IpAddress ip, boolean create) {
        if (!usableIp(ip)) {
            return null;
        }
        DeviceState d = bound.get(probe.aim(vlan, ip));
        if (d != null) {
            return d;
        }
        if (!boundOnSeveralVlans.contains(ip)) {
            d = boundAnyVlan.get(ip);
            if (d != null) {
                return d;
            }
        }
        if (!ip.isPrivate()) {
            return null; // layer-3 states are made for private addresses only (below): no need to look
        }
        d = layer3.get(probe.aim(vlan, ip));
        if (d == null && create) {
            if (size() >= maxDevices) {
                count("inventory_device_cap");
                return null;
            }
            d = new DeviceState("ip-" + vlan + "-" + ip);
            d.layer3Only = true;
            layer3.put(new IpKey(vlan, ip), d);
        }
        return d;
    }

    private void bind(MacAddress mac, IpAddress ip, int vlan, Instant ts) {
        if (!usableIp(ip)) {
            return;
        }
        DeviceState d = macDevice(mac, ts);
        if (d == null) {
            return;
        }
        d.alive = true;
        d.address(ip, vlan, ts);
        d.vlan(vlan, ts);
        IpKey key = new IpKey(vlan, ip);
        DeviceState before = bound.put(key, d);
        if (before != null && before != d) {
            count("inventory_ip_reassigned");
        }
        DeviceState any = boundAnyVlan.put(ip, d);
        if (any != null && any != d) {
            // the same address held by different devices: on different VLANs it is ambiguous without the VLAN
            for (Map.Entry<IpKey, DeviceState> e : bound.entrySet()) {
                if (e.getKey().ip().equals(ip) && e.getKey().vlan() != vlan) {
                    boundOnSeveralVlans.add(ip);
                    break;
                }
            }
        }
        DeviceState l3 = layer3.remove(key);
        if (l3 != null) {
            d.mergeFrom(l3);
            count("inventory_layer3_joined_by_binding");
        }
    }

    private void flow(FlowRecord f) {
        FlowId id = f.flow();
        if (id == null) {
            return;
        }
        int vlan = id.vlan();
        // a capture may hold each direction as its own leg (a SPAN of ingress traffic): the client acknowledging
        // (ACK) proves the server answered even when the server's packets are not in this record
        boolean answered = f.serverPackets() > 0 || (id.protocol() == FlowId.TCP && (f.clientTcpFlags() & 0x10) != 0);
        boolean clientLocal = id.client().isPrivate();
        boolean serverLocal = id.server().isPrivate();
        if (usableMac(f.serverMac()) && !id.server().isMulticast() && !serverLocal && clientLocal) {
            gatewayMacs.add(f.serverMac().value());
        }
        if (usableMac(f.clientMac()) && !clientLocal && serverLocal) {
            gatewayMacs.add(f.clientMac().value());
        }
        side(f, true, id.client(), f.clientMac(), id.server(), vlan, f.clientPackets() > 0, answered);
        if (!id.server().isMulticast() && !id.server().isBroadcast()) {
            side(f, false, id.server(), f.serverMac(), id.client(), vlan, answered, answered);
        }
    }

    /**
     * @param alive    this side showed it exists (sent packets, or was answered to)
     * @param answered the server answered the client
     */
    private void side(FlowRecord f, boolean client, IpAddress ip, MacAddress mac, IpAddress peer, int vlan, boolean alive,
                      boolean answered) {
        DeviceState d = ipDevice(vlan, ip, alive);
        if (d == null) {
            return;
        }
        if (usableMac(mac)) {
            macIps.computeIfAbsent(mac.value(), k -> new MacIps()).add(ip);
            if (d.layer3Only) {
                if (d.flowMac == 0) {
                    d.flowMac = mac.value();
                } else if (d.flowMac != mac.value()) {
                    d.flowMac = -1;
                }
            }
        }
        Instant first = f.firstSeen() != null ? f.firstSeen() : f.ts();
        Instant last = f.lastSeen() != null ? f.lastSeen() : f.ts();
        d.seen(first);
        d.seen(last);
        d.alive |= alive;
        // the address and VLAN are the device's own only where its frames were seen directly; a routed leg
        // (another VLAN, the router's MAC) says nothing about where the device sits
        boolean direct = d.layer3Only || (mac != null && d.macs.contains(mac));
        if (direct) {
            d.address(ip, vlan, last);
            d.vlan(vlan, last);
        }
        d.application(f.application());
        FlowStats s = d.flows;
        s.time(first, last);
        FlowId id = f.flow();
        boolean sent = client ? f.clientPackets() > 0 : f.serverPackets() > 0;
        s.bytesOut += client ? f.clientBytes() : f.serverBytes();
        s.bytesIn += client ? f.serverBytes() : f.clientBytes();
        s.packetsOut += client ? f.clientPackets() : f.serverPackets();
        s.packetsIn += client ? f.serverPackets() : f.clientPackets();
        if (!client) {
            boolean accepted = id.protocol() == FlowId.TCP
                    ? (f.serverTcpFlags() & 0x12) == 0x12 || f.serverPayloadBytes() > 0 || (f.clientTcpFlags() & 0x10) != 0
                    : f.serverPackets() > 0;
            if (accepted && (id.protocol() == FlowId.TCP || id.protocol() == FlowId.UDP)) {
                d.service(id.protocolName(), id.serverPort(), f.application());
            }
        }
        if (!sent) {
            return; // the other direction's leg of a flow counted where this side's packets were seen
        }
        if (id.protocol() == FlowId.TCP) {
            s.tcpFlows++;
        } else if (id.protocol() == FlowId.UDP) {
            s.udpFlows++;
        }
        if (!peer.isPrivate() && !peer.isMulticast()) {
            s.externalFlows++;
        }
        if (peer.isMulticast() || peer.isBroadcast()) {
            s.multicastFlows++;
        }
        s.peer(peer.hi() * 31 + peer.lo());
        if (client) {
            s.flowsAsClient++;
            s.dstPort(id.serverPort());
            s.started(first);
            if (!answered) {
                s.unansweredFlows++;
            }
        } else {
            s.flowsAsServer++;
        }
    }

    /**
     * Ends resolution: finds routers, settles layer-3 addresses, merges rotated randomized MACs, and
     * returns every device. The resolver must not be used afterwards.
     */
    public List<DeviceState> finish() {
        Set<Long> routers = new HashSet<>(gatewayMacs);
        macIps.forEach((mac, ips) -> {
            if (ips.many()) {
                routers.add(mac);
            }
        });
        for (Long mac : routers) {
            DeviceState r = byMac.get(mac);
            if (r == null && size() < maxDevices) {
                r = macDevice(MacAddress.of(mac), null);
            }
            if (r != null) {
                r.router = true;
                r.alive = true;
                MacIps ips = macIps.get(mac);
                int n = ips == null ? 0 : ips.v4.size() + ips.v6.size();
                String fact = gatewayMacs.contains(mac) ? "carried flows to addresses outside the private ranges"
                        : "carried flows of " + n + "+ addresses";
                r.claim(new Claim(Attribute.CATEGORY, "network_equipment", 0.6,
                        new Evidence(r.lastSeen, "flow_record", fact, "resolver.router", "wardwatch resolver: a MAC that forwards many addresses is a router")));
            }
        }
        int unconfirmed = 0;
        for (Map.Entry<IpKey, DeviceState> e : new ArrayList<>(layer3.entrySet())) {
            DeviceState l3 = e.getValue();
            if (!l3.alive) {
                layer3.remove(e.getKey());
                unconfirmed++;
                continue;
            }
            long mac = l3.flowMac;
            IpAddress ip = e.getKey().ip();
            DeviceState bound = boundOnSeveralVlans.contains(ip) ? null : boundAnyVlan.get(ip);
            if (bound != null && (mac <= 0 || !bound.macs.contains(MacAddress.of(mac)))) {
                // the routed view (another VLAN, through a router) of a device bound on its own segment: the MAC
                // in these flows is the router's, even when too few flows showed it to be one
                bound.mergeBehaviourFrom(l3);
                layer3.remove(e.getKey());
                counters.merge("inventory_layer3_joined_across_vlans", 1L, Long::sum);
            } else if (mac > 0 && !routers.contains(mac)) {
                DeviceState d = byMac.get(mac);
                if (d == null) {
                    d = new DeviceState(macId(mac));
                    d.addMac(MacAddress.of(mac));
                    byMac.put(mac, d);
                }
                d.mergeFrom(l3);
                layer3.remove(e.getKey());
            } else if (mac > 0 && ownAddressOfRouter(mac, ip)) {
                byMac.get(mac).mergeFrom(l3);
                layer3.remove(e.getKey());
            }
        }
        if (unconfirmed > 0) {
            counters.merge("inventory_layer3_unanswered", (long) unconfirmed, Long::sum);
        }
        mergeRotatedRandomMacs();
        List<DeviceState> out = new ArrayList<>(byMac.size() + layer3.size());
        Set<DeviceState> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (DeviceState d : byMac.values()) {
            if (seen.add(d)) {
                out.add(d);
            }
        }
        out.addAll(layer3.values());
        for (DeviceState d : out) {
            d.layer3Only = d.macs.isEmpty();
            if (!d.macs.isEmpty()) {
                d.id = macId(primary(d.macs).value());
            }
        }
        out.sort(java.util.Comparator.comparing(DeviceState::id));
        return out;
    }

    /** {@code mac-} and the MAC as 12 (or more) lower-case hex digits: {@code String.format("mac-%012x", mac)}, without a formatter. */
    static String macId(long mac) {
        String hex = Long.toHexString(mac);
        return hex.length() >= 12 ? "mac-" + hex : "mac-" + "000000000000".substring(hex.length()) + hex;
    }

    private boolean ownAddressOfRouter(long mac, IpAddress ip) {
        MacIps ips = macIps.get(mac);
        if (ips == null || byMac.get(mac) == null || !ip.isPrivate()) {
            return false;
        }
        List<IpAddress> all = ip.v6() ? ips.v6 : ips.v4;
        return all.stream().filter(IpAddress::isPrivate).count() == 1;
    }

    static MacAddress primary(List<MacAddress> macs) {
        for (MacAddress m : macs) {
            if (!m.isLocallyAdministered()) {
                return m;
            }
        }
        return macs.get(0);
    }

    private void mergeRotatedRandomMacs() {
        Map<String, List<DeviceState>> byName = new HashMap<>();
        for (DeviceState d : byMac.values()) {
            if (d.macs.size() != 1 || !d.macs.get(0).isLocallyAdministered()) {
                continue;
            }
            for (var h : d.hostnames.values()) {
                String n = h.name().toLowerCase(Locale.ROOT);
                if (h.source().equals("dhcp") && n.length() >= 6 && !GENERIC_HOSTNAMES.contains(n)) {
                    byName.computeIfAbsent(n, k -> new ArrayList<>()).add(d);
                }
            }
        }
        for (List<DeviceState> group : byName.values()) {
            if (group.size() < 2) {
                continue;
            }
            group.sort(java.util.Comparator.comparing(s -> s.firstSeen == null ? Instant.MIN : s.firstSeen));
            DeviceState keep = group.get(0);
            for (int i = 1; i < group.size(); i++) {
                DeviceState next = group.get(i);
                if (next == keep || byMac.get(next.macs.get(0).value()) != next) {
                    continue;
                }
                boolean overlaps = keep.lastSeen != null && next.firstSeen != null && next.firstSeen.isBefore(keep.lastSeen);
                if (overlaps) {
                    continue;
                }
                for (MacAddress m : next.macs) {
                    byMac.put(m.value(), keep);
                }
                keep.mergeFrom(next);
                count("inventory_random_mac_merged");
            }
        }
    }

    /** Applies a device-level rule effect (from the {@code device_profile} pass) to a known state. */
    public static void applyDirect(DeviceState d, Effect e) {
        applyTo(d, e);
    }

    /** All states, for callers that run device-level passes. */
    public Collection<DeviceState> states() {
        return byMac.values();
    }
}
