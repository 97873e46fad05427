package org.wardwatch.protocols.hl7;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.wardwatch.testkit.Requirements;

/**
 * tshark's HL7 dissector as the oracle: {@code tshark -T pdml -d tcp.port==P,hl7} read into messages,
 * each a list of segments with the fields tshark split ({@code hl7.field} "field N: value", where
 * field 1 is the segment name; for MSH field N is MSH-N, for other segments field N is SEG-(N-1);
 * tshark leaves empty fields out).
 */
final class Hl7TsharkOracle {
    private static final Pattern FIELD = Pattern.compile("^field (\\d+):");

    record Segment(String name, Map<Integer, String> fields) {
        /** SEG-n in HL7 numbering (MSH-n for MSH), null when empty or absent. */
        String hl7Field(int n) {
            return fields.get(name.equals("MSH") ? n : n + 1);
        }
    }

    record Message(int frame, int srcPort, int dstPort, List<Segment> segments) {
        Segment first(String name) {
            return segments.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        }
    }

    private Hl7TsharkOracle() {
    }

    static List<Message> read(Path pcap, int... hl7Ports) throws IOException, InterruptedException, XMLStreamException {
        List<String> cmd = new ArrayList<>(List.of(Requirements.command("tshark").toString(), "-n", "-r", pcap.toString()));
        for (int p : hl7Ports) {
            cmd.addAll(List.of("-d", "tcp.port==" + p + ",hl7"));
        }
        cmd.addAll(List.of("-Y", "hl7", "-T", "pdml"));
        Path out = Files.createTempFile("ww-pdml", ".xml");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("tshark failed: " + String.join(" ", cmd));
            }
            try (InputStream in = Files.newInputStream(out)) {
                return parse(in);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static List<Message> parse(InputStream in) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader x = f.createXMLStreamReader(in);
        List<Message> out = new ArrayList<>();
        int frame = 0, src = -1, dst = -1;
        String proto = null;
        List<Segment> segments = null;
        String segName = null;
        Map<Integer, String> fields = null;
        List<List<Segment>> frameMessages = new ArrayList<>();
        while (x.hasNext()) {
            int ev = x.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                String el = x.getLocalName();
                if (el.equals("packet")) {
                    frame++;
                    src = dst = -1;
                    frameMessages.clear();
                } else if (el.equals("proto")) {
                    proto = x.getAttributeValue(null, "name");
                    if ("hl7".equals(proto)) {
                        segments = new ArrayList<>();
                    }
                } else if (el.equals("field")) {
                    String name = x.getAttributeValue(null, "name");
                    String show = x.getAttributeValue(null, "show");
                    if ("tcp".equals(proto)) {
                        if ("tcp.srcport".equals(name) && src < 0) {
                            src = Integer.parseInt(show);
                        } else if ("tcp.dstport".equals(name) && dst < 0) {
                            dst = Integer.parseInt(show);
                        }
                    } else if ("hl7".equals(proto)) {
                        if ("hl7.segment".equals(name)) {
                            closeSegment(segments, segName, fields); // segments are siblings: the previous one ended
                            fields = new TreeMap<>();
                            segName = null;
                        } else if ("hl7.field".equals(name) && fields != null) {
                            Matcher m = FIELD.matcher(x.getAttributeValue(null, "showname"));
                            if (m.find()) {
                                int n = Integer.parseInt(m.group(1));
                                if (n == 1) {
                                    segName = show;
                                } else {
                                    fields.put(n, show);
                                }
                            }
                        }
                    }
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                String el = x.getLocalName();
                if (el.equals("proto")) {
                    if ("hl7".equals(proto)) {
                        closeSegment(segments, segName, fields);
                        frameMessages.add(segments);
                        fields = null;
                        segName = null;
                    }
                    proto = null;
                } else if (el.equals("packet")) {
                    for (List<Segment> m : frameMessages) {
                        out.add(new Message(frame, src, dst, List.copyOf(m)));
                    }
                }
            }
        }
        return out;
    }

    private static void closeSegment(List<Segment> segments, String name, Map<Integer, String> fields) {
        if (name != null && fields != null) {
            segments.add(new Segment(name, Map.copyOf(fields)));
        }
    }
}
