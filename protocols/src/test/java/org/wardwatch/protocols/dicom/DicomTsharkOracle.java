package org.wardwatch.protocols.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.wardwatch.testkit.Requirements;

/**
 * tshark's DICOM dissector as the oracle: {@code tshark -T pdml -d tcp.port==P,dicom} read into PDUs,
 * their association fields ({@code dicom.assoc.ae.calling}, {@code dicom.userinfo.uid}, ...) and their
 * PDVs with every element tshark decoded (tag, nesting depth, its display text, the raw bytes). PDML
 * keeps the tree that {@code -T fields} flattens: which element belongs to which PDV and which sequence.
 */
final class DicomTsharkOracle {
    private static final Pattern ELEMENT = Pattern.compile("^\\(([0-9a-fA-F]{4}),([0-9a-fA-F]{4})\\)\\s+(\\S+)");
    private static final Pattern VALUE = Pattern.compile("\\[[A-Z]{2}] (.*)$");

    /**
     * One element as tshark shows it; depth 1 is the top level of its data set or command set; length
     * -1 when undefined.
     */
    record Element(int tag, int depth, long length, String show, byte[] raw) {
        boolean sequence() {
            return show.contains("[SQ]");
        }

        /** A command-set US value (Implicit VR Little Endian: 8-byte header, then the value). */
        int u16() {
            return (raw[8] & 0xFF) | ((raw[9] & 0xFF) << 8);
        }

        /** The text value of a data-set element, as tshark prints it after "[VR] ", trimmed. */
        String text() {
            Matcher m = VALUE.matcher(show);
            return m.find() ? m.group(1).strip() : null;
        }

        /** The command name tshark prints for (0000,0100), e.g. C-STORE-RQ. */
        String lastWord() {
            String s = show.strip();
            return s.substring(s.lastIndexOf(' ') + 1);
        }
    }

    record Pdv(int contextId, boolean command, boolean last, List<Element> elements) {
        Element first(int tag) {
            return elements.stream().filter(e -> e.tag == tag).findFirst().orElse(null);
        }
    }

    /** A presentation context item of an A-ASSOCIATE-RQ/AC; result -1 in a request. UIDs without tshark's names. */
    record Context(int id, int result, String abstractSyntax, List<String> transferSyntaxes) {
    }

    /** One PDU of one frame. {@code fields} holds every named dicom.* field below it, in order. */
    record Pdu(int frame, int stream, int srcPort, int dstPort, int type, Map<String, List<String>> fields,
               List<Context> contexts, List<Pdv> pdvs) {
        List<String> all(String field) {
            return fields.getOrDefault(field, List.of());
        }

        String one(String field) {
            List<String> v = all(field);
            return v.isEmpty() ? null : v.get(0);
        }

        /** A UID field without the name tshark puts in front: "Verification SOP Class (1.2.840.10008.1.1)". */
        String uid(String field) {
            return uidOf(one(field));
        }

        /** The client's port of this TCP connection, given the servers' ports. */
        int clientPort(Set<Integer> serverPorts) {
            return serverPorts.contains(dstPort) ? srcPort : dstPort;
        }
    }

    private static final Pattern UID_IN_PARENS = Pattern.compile("\\(([0-9.]+)\\)$");

    private DicomTsharkOracle() {
    }

    static String uidOf(String show) {
        if (show == null) {
            return null;
        }
        Matcher m = UID_IN_PARENS.matcher(show.strip());
        return m.find() ? m.group(1) : show.strip();
    }

    /** Every DICOM PDU tshark finds in the capture, decoding the given TCP ports as DICOM. */
    static List<Pdu> read(Path pcap, int... dicomPorts) throws IOException, InterruptedException, XMLStreamException {
        List<String> cmd = new ArrayList<>(List.of(Requirements.command("tshark").toString(), "-n", "-r", pcap.toString()));
        for (int p : dicomPorts) {
            cmd.addAll(List.of("-d", "tcp.port==" + p + ",dicom"));
        }
        cmd.addAll(List.of("-Y", "dicom", "-T", "pdml"));
        Path out = Files.createTempFile("ww-pdml", ".xml");
        Path err = Files.createTempFile("ww-pdml", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("tshark timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("tshark exit " + p.exitValue() + ": " + Files.readString(err));
            }
            try (InputStream in = Files.newInputStream(out)) {
                return parse(in);
            }
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<Pdu> parse(InputStream in) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader x = f.createXMLStreamReader(in);
        List<Pdu> pdus = new ArrayList<>();
        int frame = 0, stream = -1, src = -1, dst = -1;
        String proto = null;
        int depth = 0;
        // state of the dicom proto being read
        int pduType = -1;
        Map<String, List<String>> fields = null;
        List<Pdv> pdvs = null;
        List<Context> contexts = null;
        int ctxId = -1;
        int ctxResult = -1;
        String ctxAbstract = null;
        List<String> ctxTs = null;
        int pdvDepth = -1;
        int pdvCtx = -1;
        int pdvFlags = 0;
        List<Element> elements = null;
        List<Pdu> framePdus = new ArrayList<>();
        while (x.hasNext()) {
            int ev = x.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String el = x.getLocalName();
                if (el.equals("packet")) {
                    frame++;
                    stream = src = dst = -1;
                    framePdus.clear();
                } else if (el.equals("proto")) {
                    proto = x.getAttributeValue(null, "name");
                    if ("dicom".equals(proto)) {
                        pduType = -1;
                        fields = new LinkedHashMap<>();
                        pdvs = new ArrayList<>();
                        contexts = new ArrayList<>();
                        ctxId = -1;
                    }
                } else if (el.equals("field")) {
                    String name = x.getAttributeValue(null, "name");
                    String show = x.getAttributeValue(null, "show");
                    if ("tcp".equals(proto)) {
                        if ("tcp.stream".equals(name) && stream < 0) {
                            stream = Integer.parseInt(show);
                        } else if ("tcp.srcport".equals(name) && src < 0) {
                            src = Integer.parseInt(show);
                        } else if ("tcp.dstport".equals(name) && dst < 0) {
                            dst = Integer.parseInt(show);
                        }
                    } else if ("dicom".equals(proto)) {
                        if (name != null && !name.isEmpty()) {
                            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(show);
                            if (name.equals("dicom.pdu.type")) {
                                pduType = Integer.decode(show);
                            } else if (name.equals("dicom.pctx.id")) {
                                if (ctxId >= 0) {
                                    contexts.add(new Context(ctxId, ctxResult, ctxAbstract, List.copyOf(ctxTs)));
                                }
                                ctxId = Integer.decode(show);
                                ctxResult = -1;
                                ctxAbstract = null;
                                ctxTs = new ArrayList<>();
                            } else if (name.equals("dicom.pctx.result") && ctxId >= 0) {
                                ctxResult = Integer.decode(show);
                            } else if (name.equals("dicom.pctx.abss.syntax") && ctxId >= 0) {
                                ctxAbstract = uidOf(show);
                            } else if (name.equals("dicom.pctx.xfer.syntax") && ctxId >= 0) {
                                ctxTs.add(uidOf(show));
                            } else if (name.equals("dicom.pdv.ctx") && elements != null) {
                                pdvCtx = Integer.parseInt(show);
                            } else if (name.equals("dicom.pdv.flags") && elements != null) {
                                pdvFlags = Integer.decode(show);
                            }
                        } else if (show != null && show.startsWith("PDV") && elements == null) {
                            pdvDepth = depth;
                            elements = new ArrayList<>();
                            pdvCtx = -1;
                            pdvFlags = 0;
                        } else if (show != null && elements != null) {
                            Matcher m = ELEMENT.matcher(show);
                            if (m.find()) {
                                int tag = (Integer.parseInt(m.group(1), 16) << 16) | Integer.parseInt(m.group(2), 16);
                                String hex = x.getAttributeValue(null, "value");
                                byte[] raw = hex == null ? new byte[0] : HexFormat.of().parseHex(hex);
                                long length = m.group(3).matches("\\d+") ? Long.parseLong(m.group(3)) : -1;
                                elements.add(new Element(tag, depth - pdvDepth, length, show, raw));
                            }
                        }
                    }
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                String el = x.getLocalName();
                if (el.equals("field") && elements != null && depth == pdvDepth) {
                    pdvs.add(new Pdv(pdvCtx, (pdvFlags & 1) != 0, (pdvFlags & 2) != 0, List.copyOf(elements)));
                    elements = null;
                    pdvDepth = -1;
                } else if (el.equals("proto")) {
                    if ("dicom".equals(proto) && pduType >= 0) {
                        if (ctxId >= 0) {
                            contexts.add(new Context(ctxId, ctxResult, ctxAbstract, List.copyOf(ctxTs)));
                            ctxId = -1;
                        }
                        framePdus.add(new Pdu(frame, -1, -1, -1, pduType, fields, List.copyOf(contexts), pdvs));
                    }
                    proto = null;
                } else if (el.equals("packet")) {
                    for (Pdu p : framePdus) {
                        pdus.add(new Pdu(p.frame(), stream, src, dst, p.type(), p.fields(), p.contexts(), p.pdvs()));
                    }
                }
                depth--;
            }
        }
        return pdus;
    }
}
