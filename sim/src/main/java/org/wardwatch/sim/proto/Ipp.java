package org.wardwatch.sim.proto;

/** IPP/1.1 and 2.0 messages (RFC 8010 encoding, RFC 8011 Print-Job) carried in an HTTP POST to /ipp/print. */
public final class Ipp {
    private Ipp() {
    }

    /** A Print-Job request: operation attributes then {@code documentLength} bytes of document data. */
    public static byte[] printJob(int requestId, String printerUri, String user, String jobName, byte[] document) {
        Bytes b = new Bytes(256 + document.length);
        b.u8(2).u8(0).u16(0x0002).u32(requestId);
        b.u8(0x01); // operation-attributes-tag
        attr(b, 0x47, "attributes-charset", "utf-8");
        attr(b, 0x48, "attributes-natural-language", "en");
        attr(b, 0x45, "printer-uri", printerUri);
        attr(b, 0x42, "requesting-user-name", user);
        attr(b, 0x42, "job-name", jobName);
        attr(b, 0x49, "document-format", "application/octet-stream");
        b.u8(0x03); // end-of-attributes-tag
        b.bytes(document);
        return b.toArray();
    }

    /** successful-ok with the job's id. */
    public static byte[] printJobResponse(int requestId, int jobId) {
        Bytes b = new Bytes(128);
        b.u8(2).u8(0).u16(0x0000).u32(requestId);
        b.u8(0x01);
        attr(b, 0x47, "attributes-charset", "utf-8");
        attr(b, 0x48, "attributes-natural-language", "en");
        b.u8(0x02); // job-attributes-tag
        b.u8(0x21).u16(6).ascii("job-id").u16(4).u32(jobId);
        attr(b, 0x23, "job-state", null, 3);
        b.u8(0x03);
        return b.toArray();
    }

    private static void attr(Bytes b, int tag, String name, String value) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] v = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        b.u8(tag).u16(n.length).bytes(n).u16(v.length).bytes(v);
    }

    private static void attr(Bytes b, int tag, String name, String ignored, int enumValue) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.u8(tag).u16(n.length).bytes(n).u16(4).u32(enumValue);
    }
}
