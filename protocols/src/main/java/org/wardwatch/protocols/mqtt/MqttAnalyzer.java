package org.wardwatch.protocols.mqtt;

import java.util.HashSet;
import java.util.Set;
import org.wardwatch.model.obs.mqtt.MqttConnectSeen;
import org.wardwatch.model.obs.mqtt.MqttTopicSeen;
import org.wardwatch.protocols.asn1.WireText;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * MQTT analyzer: MQTT 3.1 / 3.1.1 (OASIS 2014, section 3) and 5.0 (OASIS 2019, section 3; properties
 * 2.2.2). Reports each CONNECT (client id, the FACT of a user name and a cleartext password, will,
 * clean session, keep alive; the CONNACK's return code) and the topics of PUBLISH, SUBSCRIBE and
 * UNSUBSCRIBE, once per (action, direction, topic) per flow. Payloads, user names and passwords are
 * never copied.
 *
 * <p>A PUBLISH is read only up to its topic: its payload is skipped without being buffered, so a large
 * message costs nothing.
 *
 * <p>Known gaps: MQTT-SN (UDP) and MQTT over WebSocket are not handled; MQTT 5 topic aliases are not
 * resolved (a PUBLISH with an empty topic and an alias is reported with a null topic once).
 */
final class MqttAnalyzer implements Analyzer {
    static final int MAX_CONTROL_PACKET = 16 * 1024;
    private static final int PUBLISH_PREFIX = 2 * 1024;
    private static final int MAX_TOPICS = 64;
    private static final int MAX_FILTERS_PER_PACKET = 32;

    /** Well-formed packets in a row that confirm a flow whose CONNECT was not captured. */
    static final int MID_STREAM_CONFIRM = 3;

    private final long[] skip = new long[2];
    private final Set<String> topics = new HashSet<>();
    private boolean confirmed;
    private int midStreamPackets;
    private boolean topicCapReported;
    private int level = 4;
    private MqttConnectSeen pendingConnect;

    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        int dir = fromClient ? 0 : 1;
        int p = offset;
        int end = offset + length;
        while (p < end) {
            if (skip[dir] > 0) {
                int n = (int) Math.min(skip[dir], end - p);
                skip[dir] -= n;
                p += n;
                continue;
            }
            if (end - p < 2) {
                break;
            }
            int type = (data[p] & 0xFF) >>> 4;
            int flags = data[p] & 0x0F;
            // remaining length: 1-4 base-128 digits, least significant first (2.2.3 / 1.5.5)
            long remaining = 0;
            int q = p + 1;
            int shift = 0;
            boolean complete = false;
            while (q < end && shift <= 21) {
                int d = data[q++] & 0xFF;
                remaining |= (long) (d & 0x7F) << shift;
                shift += 7;
                if ((d & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete) {
                if (shift > 21) {
                    return bad(ctx, "mqtt_bad_remaining_length", length);
                }
                break;
            }
            if (!wellFormedHeader(type, flags, remaining, level)) {
                return bad(ctx, "mqtt_bad_fixed_header", length);
            }
            if (!confirmed && type != 1 && ++midStreamPackets >= MID_STREAM_CONFIRM) {
                // a capture that starts after the CONNECT: enough well-formed packets in a row
                confirmed = true;
                ctx.confirm();
            }
            int body = q;
            long total = body - p + remaining;
            if (type == 3) {
                int want = (int) Math.min(remaining, PUBLISH_PREFIX);
                if (end - body < want) {
                    break;
                }
                publish(fromClient, flags, data, body, want, ctx);
                skip[dir] = total;
                continue;
            }
            if (remaining > MAX_CONTROL_PACKET) {
                ctx.anomaly("mqtt_packet_over_cap");
                skip[dir] = total;
                continue;
            }
            if (end - body < remaining) {
                break;
            }
            int r = (int) remaining;
            switch (type) {
                case 1 -> {
                    if (!connect(data, body, r, ctx)) {
                        return bad(ctx, "mqtt_malformed_connect", length);
                    }
                }
                case 2 -> connack(data, body, r, ctx);
                case 8 -> filters(fromClient, "subscribe", data, body, r, true, ctx);
                case 10 -> filters(fromClient, "unsubscribe", data, body, r, false, ctx);
                default -> {
                }
            }
            p = body + r;
        }
        return p - offset;
    }

    /**
     * The fixed header's reserved flags and lengths as the specification mandates them (3.1.1 2.2.2,
     * 5.0 2.1.3): the check that tells MQTT from other bytes when the CONNECT was not seen.
     */
    static boolean wellFormedHeader(int type, int flags, long remaining, int level) {
        return switch (type) {
            case 1 -> flags == 0 && remaining >= 10;
            case 2 -> flags == 0 && (level == 5 ? remaining >= 2 : remaining == 2);
            case 3 -> (flags & 0x06) != 0x06 && remaining >= 2;
            case 4, 5, 7, 9, 11 -> flags == 0 && remaining >= 2 && (level == 5 || type == 9 || type == 11 || remaining == 2);
            case 6 -> flags == 2 && remaining >= 2 && (level == 5 || remaining == 2);
            case 8, 10 -> flags == 2 && remaining >= 4;
            case 12, 13 -> flags == 0 && remaining == 0;
            case 14 -> flags == 0 && (level == 5 || remaining == 0);
            case 15 -> flags == 0 && level == 5;
            default -> false;
        };
    }

    private int bad(AnalyzerContext ctx, String anomaly, int length) {
        ctx.anomaly(anomaly);
        if (!confirmed) {
            ctx.violation(anomaly);
        } else {
            ctx.done();
        }
        return length;
    }

    /** CONNECT (3.1): protocol name, level, flags, keep alive, [v5 properties], client id, ... */
    private boolean connect(byte[] b, int p, int len, AnalyzerContext ctx) {
        int end = p + len;
        if (len < 10) {
            return false;
        }
        int nameLen = WireText.u16(b, p);
        int q = p + 2 + nameLen;
        if (nameLen > 6 || q + 4 > end) {
            return false;
        }
        int lvl = b[q] & 0xFF;
        int flags = b[q + 1] & 0xFF;
        int keepAlive = WireText.u16(b, q + 2);
        q += 4;
        if (lvl == 5) {
            q = skipProperties(b, q, end);
            if (q < 0) {
                return false;
            }
        }
        if (q + 2 > end) {
            return false;
        }
        int idLen = WireText.u16(b, q);
        if (q + 2 + idLen > end) {
            return false;
        }
        String clientId = idLen == 0 ? null : WireText.utf8(b, q + 2, idLen, 256);
        if (pendingConnect != null) {
            ctx.emit(pendingConnect);
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        level = lvl;
        pendingConnect = new MqttConnectSeen(ctx.ts(), ctx.flow(), lvl, clientId, (flags & 0x80) != 0,
                (flags & 0x40) != 0, (flags & 0x04) != 0, (flags & 0x02) != 0, keepAlive, null);
        return true;
    }

    private void connack(byte[] b, int p, int len, AnalyzerContext ctx) {
        if (len < 2) {
            ctx.anomaly("mqtt_connack_truncated");
            return;
        }
        if (pendingConnect != null) {
            MqttConnectSeen c = pendingConnect;
            ctx.emit(new MqttConnectSeen(c.ts(), c.flow(), c.protocolLevel(), c.clientId(), c.usernamePresent(),
                    c.passwordPresent(), c.willPresent(), c.cleanSession(), c.keepAliveSeconds(), b[p + 1] & 0xFF));
            pendingConnect = null;
        }
    }

    /** PUBLISH (3.3): topic name, packet id when QoS &gt; 0, [v5 properties], payload (never read). */
    private void publish(boolean fromClient, int flags, byte[] b, int p, int len, AnalyzerContext ctx) {
        if (len < 2) {
            ctx.anomaly("mqtt_publish_truncated");
            return;
        }
        if ((flags & 0x06) == 0x06) {
            ctx.anomaly("mqtt_publish_bad_qos");
        }
        int tlen = WireText.u16(b, p);
        if (2 + tlen > len) {
            ctx.anomaly("mqtt_publish_truncated");
            return;
        }
        String topic = tlen == 0 ? null : WireText.utf8(b, p + 2, tlen, 512);
        topic(fromClient, "publish", topic, ctx);
    }

    /** SUBSCRIBE (3.8) / UNSUBSCRIBE (3.10): packet id, [v5 properties], topic filters (+ options byte). */
    private void filters(boolean fromClient, String action, byte[] b, int p, int len, boolean options, AnalyzerContext ctx) {
        int end = p + len;
        int q = p + 2;
        if (level == 5) {
            q = skipProperties(b, q, end);
            if (q < 0) {
                ctx.anomaly("mqtt_bad_properties");
                return;
            }
        }
        int n = 0;
        while (q + 2 <= end && n++ < MAX_FILTERS_PER_PACKET) {
            int tlen = WireText.u16(b, q);
            if (q + 2 + tlen + (options ? 1 : 0) > end) {
                ctx.anomaly("mqtt_" + action + "_truncated");
                return;
            }
            topic(fromClient, action, WireText.utf8(b, q + 2, tlen, 512), ctx);
            q += 2 + tlen + (options ? 1 : 0);
        }
    }

    private void topic(boolean fromClient, String action, String topic, AnalyzerContext ctx) {
        String key = action + "|" + fromClient + "|" + topic;
        if (topics.contains(key)) {
            return;
        }
        if (topics.size() >= MAX_TOPICS) {
            if (!topicCapReported) {
                topicCapReported = true;
                ctx.anomaly("mqtt_topic_cap");
            }
            return;
        }
        topics.add(key);
        ctx.emit(new MqttTopicSeen(ctx.ts(), ctx.flow(), action, fromClient, topic));
    }

    /** Skips MQTT 5 properties (a variable byte integer length, then the properties); -1 when malformed. */
    private static int skipProperties(byte[] b, int p, int end) {
        long len = 0;
        int shift = 0;
        while (p < end && shift <= 21) {
            int d = b[p++] & 0xFF;
            len |= (long) (d & 0x7F) << shift;
            shift += 7;
            if ((d & 0x80) == 0) {
                return len <= end - p ? p + (int) len : -1;
            }
        }
        return -1;
    }

    @Override
    public void onEnd(AnalyzerContext ctx) {
        if (pendingConnect != null) {
            ctx.emit(pendingConnect);
            pendingConnect = null;
        }
    }
}
