package org.wardwatch.model;

/**
 * A bidirectional flow as the sensor saw it: VLAN (outermost 802.1Q/802.1ad id, 0 when untagged),
 * the initiator ("client") and the responder ("server") with their ports, and the IP protocol number.
 */
public record FlowId(int vlan, IpAddress client, int clientPort, IpAddress server, int serverPort, int protocol) {
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;

    public String protocolName() {
        return switch (protocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            case ICMPV6 -> "icmpv6";
            default -> Integer.toString(protocol);
        };
    }

    @Override
    public String toString() {
        String c = client.v6() ? "[" + client + "]" : client.toString();
        String s = server.v6() ? "[" + server + "]" : server.toString();
        return protocolName() + " " + c + ":" + clientPort + " > " + s + ":" + serverPort + (vlan != 0 ? " vlan " + vlan : "");
    }
}
