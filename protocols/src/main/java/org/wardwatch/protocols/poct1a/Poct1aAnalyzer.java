package org.wardwatch.protocols.poct1a;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wardwatch.model.obs.poct1a.Poct1aDeviceIdentified;
import org.wardwatch.model.obs.poct1a.Poct1aMessageSeen;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * POCT1-A2 device messaging (CLSI POCT01-A2, "Point-of-Care Connectivity"): each message is one XML
 * document whose root names the message type (HEL.R01 hello, DST.R01 device status, OBS.R01/R02
 * observations, EOT.R01 end of topic, ACK.R01, ...). Values sit in {@code V} attributes, e.g.
 * {@code <DEV.vendor_id V="..."/>}.
 *
 * <p>A message is collected up to its closing root tag (at most {@link #MAX_MESSAGE} bytes, else it
 * is counted and skipped) and read with patterns, never with an XML parser (no entities, no DTDs).
 * Reported: the HDR fields, the DEV identity of a HEL.R01, and the names of patient elements
 * ({@code PT.*}) present, never their values. Known gap: the OBS contents are only counted.
 */
public final class Poct1aAnalyzer implements Analyzer {
    static final int MAX_MESSAGE = 48 * 1024; // under the dispatcher's 64 KB buffer
    static final Pattern ROOT = Pattern.compile("\\s*(?:<\\?xml[^>]{0,200}\\?>\\s*)?<([A-Z]{3}\\.[A-Z][0-9]{2})[\\s>]");
    private static final Pattern V = Pattern.compile("<([A-Z]{2,4}\\.[a-z_]{2,40})\\s+V=\"([^\"]{0,256})\"");
    private static final Pattern PT_ELEMENT = Pattern.compile("<(PT\\.[a-z_]{2,40})[\\s>/]");
    private static final Pattern OBS = Pattern.compile("<OBS[\\s>]");

    private final Direction client = new Direction(true);
    private final Direction server = new Direction(false);
    private boolean confirmed;

    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        return (fromClient ? client : server).onStream(data, offset, length, ctx);
    }

    private final class Direction {
        private final boolean fromClient;
        private String root;
        private long skipping;
        private boolean dead;

        Direction(boolean fromClient) {
            this.fromClient = fromClient;
        }

        int onStream(byte[] b, int off, int len, AnalyzerContext ctx) {
            if (dead) {
                return len;
            }
            int pos = off, end = off + len;
            while (pos < end) {
                String text = new String(b, pos, Math.min(end - pos, MAX_MESSAGE + 64), StandardCharsets.ISO_8859_1);
                if (root == null) {
                    Matcher m = ROOT.matcher(text);
                    if (!m.lookingAt()) {
                        if (text.isBlank()) {
                            return len;
                        }
                        if (text.length() < 64 && text.indexOf('>') < 0) {
                            return pos - off; // wait for more of the start tag
                        }
                        if (!confirmed) {
                            ctx.violation("not a POCT1-A message");
                        } else {
                            ctx.anomaly("poct1a_bytes_between_messages");
                        }
                        dead = true;
                        return len;
                    }
                    root = m.group(1);
                }
                String close = "</" + root + ">";
                int endTag = text.indexOf(close);
                if (endTag < 0) {
                    if (end - pos > MAX_MESSAGE) {
                        ctx.anomaly("poct1a_message_too_long");
                        dead = true;
                        return len;
                    }
                    return pos - off;
                }
                String message = text.substring(0, endTag + close.length());
                onMessage(message, ctx);
                pos += message.getBytes(StandardCharsets.ISO_8859_1).length;
                root = null;
            }
            return len;
        }

        private void onMessage(String xml, AnalyzerContext ctx) {
            if (!confirmed) {
                confirmed = true;
                ctx.confirm();
            }
            String controlId = null, version = null, deviceId = null, vendor = null, model = null, serial = null,
                    manufacturer = null, hw = null, sw = null, deviceName = null;
            Matcher v = V.matcher(xml);
            while (v.find()) {
                String value = clean(v.group(2));
                switch (v.group(1)) {
                    case "HDR.control_id" -> controlId = value;
                    case "HDR.version_id" -> version = value;
                    case "DEV.device_id" -> deviceId = value;
                    case "DEV.vendor_id" -> vendor = value;
                    case "DEV.model_id" -> model = value;
                    case "DEV.serial_id" -> serial = value;
                    case "DEV.manufacturer_name" -> manufacturer = value;
                    case "DEV.hw_version" -> hw = value;
                    case "DEV.sw_version" -> sw = value;
                    case "DEV.device_name" -> deviceName = value;
                    default -> {
                    }
                }
            }
            LinkedHashSet<String> phi = new LinkedHashSet<>();
            Matcher pt = PT_ELEMENT.matcher(xml);
            while (pt.find() && phi.size() < 32) {
                phi.add(pt.group(1));
            }
            int observations = 0;
            Matcher obs = OBS.matcher(xml);
            while (obs.find()) {
                observations++;
            }
            String type = rootOf(xml);
            ctx.emit(new Poct1aMessageSeen(ctx.ts(), ctx.flow(), fromClient, type, controlId, version, new ArrayList<>(phi),
                    observations));
            if (vendor != null || model != null || serial != null || deviceId != null || sw != null) {
                ctx.emit(new Poct1aDeviceIdentified(ctx.ts(), ctx.flow(), fromClient, deviceId, vendor, model, serial,
                        manufacturer, hw, sw, deviceName));
            }
        }
    }

    private static String rootOf(String xml) {
        Matcher m = ROOT.matcher(xml);
        return m.lookingAt() ? m.group(1) : null;
    }

    static String clean(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String t = v.strip().replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.length() && sb.length() < 128; i++) {
            char c = t.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return sb.toString();
    }
}
