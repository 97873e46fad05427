package org.wardwatch.model.obs.dns;

/**
 * One question of a DNS-format message.
 *
 * @param name  the queried name, dotted, without the trailing dot; labels with bytes outside printable
 *              ASCII are written with {@code \DDD} escapes (RFC 4343)
 * @param type  QTYPE (1 A, 28 AAAA, 12 PTR, 33 SRV, 16 TXT, 255 ANY, ...)
 * @param unicastResponse mDNS only: the QU bit (top bit of QCLASS, RFC 6762 section 5.4)
 */
public record DnsQuestion(String name, int type, boolean unicastResponse) {
}
