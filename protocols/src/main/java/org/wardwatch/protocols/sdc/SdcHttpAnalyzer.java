package org.wardwatch.protocols.sdc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wardwatch.model.obs.sdc.SdcDeviceMetadataSeen;
import org.wardwatch.model.obs.sdc.SdcMdibSeen;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * SOAP bodies of SDC participants over cleartext HTTP: DPWS 1.1 metadata (ThisModel: Manufacturer,
 * ModelName, ModelNumber, ...; ThisDevice: FriendlyName, FirmwareVersion, SerialNumber) and BICEPS
 * MDIBs (IEEE 11073-10207: MdsDescriptor Type codes and MetaData; a PatientContextState is flagged,
 * never read). Each body is kept up to {@link #MAX_BODY} bytes in the analyzer's own buffer.
 * Known gaps: chunked bodies are read only until their first chunk ends; compressed bodies are skipped.
 */
public final class SdcHttpAnalyzer implements Analyzer {
    static final int MAX_HEAD = 16 * 1024;
    static final int MAX_BODY = 256 * 1024;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*([0-9]{1,12})\\s*$");
    private static final Pattern MDS_START = Pattern.compile("<(?:[A-Za-z0-9_]+:)?Mds\\s");
    private static final Pattern TYPE_CODE = Pattern.compile("<(?:[A-Za-z0-9_]+:)?Type\\b[^>]*\\bCode=\"([^\"]{1,32})\"");
    private static final Pattern MDIB_VERSION = Pattern.compile("\\bMdibVersion=\"([0-9]{1,20})\"");

    private final Direction client = new Direction();
    private final Direction server = new Direction();
    private boolean confirmed;

    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        return (fromClient ? client : server).onStream(data, offset, length, ctx);
    }

    private final class Direction {
        private long remaining = -1;
        private byte[] body;
        private int bodyLen;
        private boolean dead;

        int onStream(byte[] b, int off, int len, AnalyzerContext ctx) {
            if (dead) {
                return len;
            }
            int pos = off, end = off + len;
            while (pos < end) {
                if (remaining < 0) {
                    int headEnd = -1;
                    for (int i = pos; i + 3 < end && i < pos + MAX_HEAD; i++) {
                        if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                            headEnd = i + 4;
                            break;
                        }
                    }
                    if (headEnd < 0) {
                        if (end - pos > MAX_HEAD) {
                            ctx.anomaly("sdc_header_too_long");
                            dead = true;
                            return len;
                        }
                        return pos - off;
                    }
                    String head = new String(b, pos, headEnd - pos, StandardCharsets.ISO_8859_1);
                    if (!head.startsWith("POST ") && !head.startsWith("HTTP/1.")) {
                        if (!confirmed) {
                            ctx.violation("not HTTP");
                        }
                        dead = true;
                        return len;
                    }
                    Matcher cl = CONTENT_LENGTH.matcher(head);
                    remaining = cl.find() ? Long.parseLong(cl.group(1)) : 0;
                    if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                        ctx.anomaly("sdc_chunked_body_not_read");
                        remaining = 0;
                    }
                    bodyLen = 0;
                    pos = headEnd;
                    if (remaining == 0) {
                        finish(ctx);
                    }
                    continue;
                }
                int n = (int) Math.min(remaining, end - pos);
                int keep = Math.min(n, MAX_BODY - bodyLen);
                if (keep > 0) {
                    if (body == null || body.length < bodyLen + keep) {
                        body = java.util.Arrays.copyOf(body == null ? new byte[0] : body,
                                Math.min(MAX_BODY, Math.max(bodyLen + keep, (body == null ? 0 : body.length) * 2)));
                    }
                    System.arraycopy(b, pos, body, bodyLen, keep);
                    bodyLen += keep;
                }
                pos += n;
                remaining -= n;
                if (remaining == 0) {
                    finish(ctx);
                }
            }
            return len;
        }

        private void finish(AnalyzerContext ctx) {
            remaining = -1;
            if (bodyLen == 0) {
                return;
            }
            String xml = new String(body, 0, bodyLen, StandardCharsets.UTF_8);
            bodyLen = 0;
            if (xml.length() > 64 * 1024) {
                body = null; // do not keep a large buffer between messages
            }
            onBody(xml, ctx);
        }
    }

    private void onBody(String xml, AnalyzerContext ctx) {
        if (!xml.contains("Envelope")) {
            return;
        }
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
        if (xml.contains("ThisModel") || xml.contains("ThisDevice")) {
            ctx.emit(new SdcDeviceMetadataSeen(ctx.ts(), ctx.flow(), SdcXml.text(xml, "Manufacturer"),
                    SdcXml.text(xml, "ManufacturerUrl"), SdcXml.text(xml, "ModelName"), SdcXml.text(xml, "ModelNumber"),
                    SdcXml.text(xml, "ModelUrl"), SdcXml.text(xml, "PresentationUrl"), SdcXml.text(xml, "FriendlyName"),
                    SdcXml.text(xml, "FirmwareVersion"), SdcXml.text(xml, "SerialNumber")));
        }
        if (xml.contains("Mdib") || xml.contains("MdDescription")) {
            List<String> types = new ArrayList<>();
            Matcher mds = MDS_START.matcher(xml);
            while (mds.find() && types.size() < 16) {
                // the MDS descriptor's own Type follows its extensions, before any child descriptor
                String window = xml.substring(mds.end(), Math.min(xml.length(), mds.end() + 4096));
                int child = window.indexOf("<pm:Vmd");
                Matcher t = TYPE_CODE.matcher(child < 0 ? window : window.substring(0, child));
                if (t.find()) {
                    types.add(t.group(1));
                }
            }
            Matcher v = MDIB_VERSION.matcher(xml);
            boolean patient = xml.contains("PatientContextState") || xml.contains("PatientContext");
            ctx.emit(new SdcMdibSeen(ctx.ts(), ctx.flow(), v.find() ? v.group(1) : null, types,
                    SdcXml.text(xml, "Manufacturer"), SdcXml.text(xml, "ModelName"), SdcXml.text(xml, "ModelNumber"),
                    SdcXml.texts(xml, "SerialNumber", 8), patient));
        }
    }
}
