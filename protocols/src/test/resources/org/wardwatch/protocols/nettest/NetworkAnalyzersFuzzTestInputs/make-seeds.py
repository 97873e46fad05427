#!/usr/bin/env python3
"""Writes the regression inputs of NetworkAnalyzersFuzzTest from the shared corpus.

Each seed: byte 0 picks the analyzer (index in NetworkAnalyzersFuzzTest.FLOW, then 15 = ARP,
16 = NDP), byte 1 the first direction (0 = client), then the payload chunks of one flow, direction
alternating at each FF FE separator (consecutive TCP payloads of one direction are joined; of
consecutive UDP datagrams of one direction only the first is kept).
Run from the repository root with ../shared beside it: python3 protocols/src/test/resources/.../make-seeds.py
"""
import os, subprocess, sys

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), *[".."] * 10, "shared", "corpus")
CORPUS = os.path.normpath(os.environ.get("WARDWATCH_CORPUS", CORPUS))
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analyzersNeverThrowAndStayBounded")
SEP = b"\xff\xfe"

# (index, name, capture, display filter, transport, server port or None, max chunks)
SOURCES = [
    (0, "dhcp", "protocols/zeek_dhcp.pcap", "dhcp", "udp", 67, 4),
    (1, "dhcpv6", "protocols/ndpi_android.pcap", "dhcpv6", "udp", 547, 2),
    (2, "nbns", "protocols/ndpi_netbios.pcap", "nbns", "udp", None, 6),
    (3, "ssdp", "protocols/ndpi_1kxun.pcap", "ssdp", "udp", None, 3),
    (4, "mdns", "protocols/zeek_mdns.pcap", "mdns", "udp", None, 4),
    (5, "llmnr", "protocols/suricata_llmnr_udp.pcap", "llmnr", "udp", None, 2),
    (6, "dns", "protocols/ndpi_dns.pcap", "dns", "udp", 53, 4),
    (7, "tls", "protocols/zeek_tls12.pcap", "tcp.len > 0", "tcp", 443, 6),
    (7, "tls-cert", "protocols/ndpi_tls_selfsigned.pcap", "tcp.len > 0", "tcp", None, 6),
    (8, "ssh", "protocols/ndpi_ssh.pcap", "tcp.len > 0", "tcp", 22, 6),
    (9, "rdp", "protocols/ndpi_rdp.pcap", "tcp.len > 0", "tcp", 3389, 3),
    (10, "vnc", "attacks/zeek_vnc_scanner.pcap", "tcp.len > 0", "tcp", 5900, 5),
    (11, "http", "protocols/ndpi_http.pcapng", "tcp.len > 0", "tcp", None, 4),
    (12, "ftp", "protocols/ndpi_ftp.pcap", "tcp.len > 0", "tcp", 21, 12),
    (13, "telnet", "protocols/ndpi_telnet.pcap", "tcp.len > 0", "tcp", 23, 12),
    (14, "dns-tcp", "malformed/wireshark_dns_ooo.pcap", "tcp.len > 0", "tcp", 53, 4),
]

def rows(path, flt, transport):
    fields = ["frame.number", f"{transport}.stream", f"{transport}.srcport", f"{transport}.dstport",
              "udp.payload" if transport == "udp" else "tcp.payload"]
    cmd = ["tshark", "-n", "-r", path, "-o", "tcp.desegment_tcp_streams:FALSE", "-Y", flt, "-T", "fields"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    return [l.split("\t") for l in out.splitlines() if l.strip()]

def seed(index, first_client, chunks, datagrams):
    out = bytes([index, 0 if first_client else 1])
    merged = []
    for client, data in chunks:
        if merged and merged[-1][0] == client:
            if not datagrams:  # stream bytes of one direction join; a datagram stays whole (later ones dropped)
                merged[-1] = (client, merged[-1][1] + data)
        else:
            merged.append((client, data))
    return out + SEP.join(d for _, d in merged)

for index, name, rel, flt, transport, port, limit in SOURCES:
    rs = [r for r in rows(os.path.join(CORPUS, rel), flt, transport) if len(r) == 5 and r[4]]
    if not rs:
        print("no rows for", name, file=sys.stderr)
        continue
    stream = rs[0][1]
    rs = [r for r in rs if r[1] == stream][:limit]
    server_port = str(port) if port else rs[0][3]
    chunks = [(r[3] == server_port, bytes.fromhex(r[4])) for r in rs]
    with open(os.path.join(OUT, f"{index:02d}-{name}"), "wb") as f:
        f.write(seed(index, chunks[0][0], chunks, transport == "udp"))

# DNS over TCP as a resolver sends it (RFC 1035 4.2.2 length prefix), from ndpi_dns.pcap's first exchange
rs = rows(os.path.join(CORPUS, "protocols/ndpi_dns.pcap"), "dns", "udp")[:2]
framed = [(r[3] == "53", len(bytes.fromhex(r[4])).to_bytes(2, "big") + bytes.fromhex(r[4])) for r in rs]
with open(os.path.join(OUT, "14-dns-tcp-framed"), "wb") as f:
    f.write(seed(14, framed[0][0], framed, False))

# frames: ARP request and gratuitous ARP; NDP neighbor solicitation and advertisement (RFC 826, RFC 4861)
frames = {
    "15-arp": bytes.fromhex("0001080006040001001122334455" "0a000017" "000000000000" "0a000001") + SEP
    + bytes.fromhex("0001080006040002001122334455" "0a000017" "ffffffffffff" "0a000017"),
    "16-ndp": bytes.fromhex("87000000" "00000000" "fe800000000000000000000000000001" "0101001122334455") + SEP
    + bytes.fromhex("88000000" "60000000" "fe80000000000000021122fffe334455" "0201001122334455"),
}
for name, body in frames.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(bytes([int(name[:2]), 0]) + body)
