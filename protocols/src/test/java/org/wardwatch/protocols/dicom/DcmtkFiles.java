package org.wardwatch.protocols.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wardwatch.testkit.Requirements;

/**
 * DICOM files and configurations for the dcmtk/Orthanc peer tests, made by dcmtk's own {@code dump2dcm}
 * from text dumps written here. Every patient value is synthetic: planted so that tests can prove it
 * never leaves the analyzer.
 */
final class DcmtkFiles {
    static final String STUDY_UID = "1.2.826.0.1.3680043.2.1143.4242";
    static final String MANUFACTURER = "ACME Medical Systems";
    static final String MODEL = "Tomograph 9000";
    static final String SOFTWARE = "VB20A";
    static final String SERIAL = "SN-445566";
    static final String STATION = "CT-ROOM-2";
    static final String INSTITUTION = "General Hospital";
    static final String PERFORMING_PHYSICIAN = "Plantedphysician^Quentin";

    private DcmtkFiles() {
    }

    /** A CT image object (no pixel data) carrying the planted patient and the General Equipment attributes. */
    static Path ctImage(Path dir, String patientName, String patientId) throws IOException {
        return dump2dcm(dir, "ct", List.of(
                "(0008,0016) UI =CTImageStorage",
                "(0008,0018) UI [" + STUDY_UID + ".1]",
                "(0008,0020) DA [20240101]",
                "(0008,0030) TM [101010]",
                "(0008,0050) SH [ACC123]",
                "(0008,0060) CS [CT]",
                "(0008,0070) LO [" + MANUFACTURER + "]",
                "(0008,0080) LO [" + INSTITUTION + "]",
                "(0008,1010) SH [" + STATION + "]",
                "(0008,1090) LO [" + MODEL + "]",
                "(0010,0010) PN [" + patientName + "]",
                "(0010,0020) LO [" + patientId + "]",
                "(0010,0030) DA [19700101]",
                "(0018,1000) LO [" + SERIAL + "]",
                "(0018,1020) LO [" + SOFTWARE + "]",
                "(0020,000d) UI [" + STUDY_UID + "]",
                "(0020,000e) UI [" + STUDY_UID + ".2]",
                "(0020,0010) SH [STUDY1]",
                "(0020,0011) IS [1]",
                "(0020,0013) IS [1]"));
    }

    /**
     * A worklist folder for {@code wlmscpfs -dfp base}: base/AET/lockfile and one .wl item whose
     * Scheduled Procedure Step names the performing physician (a PHI attribute inside a sequence).
     */
    static Path worklist(Path base, String aet, String patientName, String patientId) throws IOException {
        Path folder = Files.createDirectories(base.resolve(aet));
        Files.writeString(folder.resolve("lockfile"), "");
        Path wl = dump2dcm(base, "item", List.of(
                "(0008,0005) CS [ISO_IR 100]",
                "(0008,0050) SH [ACC0001]",
                "(0010,0010) PN [" + patientName + "]",
                "(0010,0020) LO [" + patientId + "]",
                "(0010,0030) DA [19700101]",
                "(0010,0040) CS [O]",
                "(0020,000d) UI [" + STUDY_UID + ".9]",
                "(0032,1060) LO [CT HEAD]",
                "(0040,0100) SQ (Sequence with undefined length #=1)",
                "  (fffe,e000) na (Item with undefined length #=7)",
                "    (0008,0060) CS [CT]",
                "    (0040,0001) AE [CTSCANNER1]",
                "    (0040,0002) DA [20240101]",
                "    (0040,0003) TM [0900]",
                "    (0040,0006) PN [" + PERFORMING_PHYSICIAN + "]",
                "    (0040,0007) LO [CT HEAD W/O]",
                "    (0040,0009) SH [SPS0001]",
                "  (fffe,e00d) na (ItemDelimitationItem)",
                "(fffe,e0dd) na (SequenceDelimitationItem)",
                "(0040,1001) SH [RP0001]"));
        Files.move(wl, folder.resolve("item.wl"));
        return base;
    }

    /** A Modality Worklist query (findscu -W) for CT at CTSCANNER1: returns name, ID and the step. */
    static Path worklistQuery(Path dir) throws IOException {
        return dump2dcm(dir, "wlquery", List.of(
                "(0010,0010) PN []",
                "(0010,0020) LO []",
                "(0040,0100) SQ (Sequence with undefined length #=1)",
                "  (fffe,e000) na (Item with undefined length #=4)",
                "    (0008,0060) CS [CT]",
                "    (0040,0001) AE [CTSCANNER1]",
                "    (0040,0002) DA []",
                "    (0040,0006) PN []",
                "  (fffe,e00d) na (ItemDelimitationItem)",
                "(fffe,e0dd) na (SequenceDelimitationItem)"));
    }

    /** dcmqrscp configuration: one AE with its storage folder, one move destination. */
    static Path qrConfig(Path dir, int port, String aet, String destAet, int destPort) throws IOException {
        Path storage = Files.createDirectories(dir.resolve("qr-" + aet));
        Path cfg = dir.resolve("dcmqrscp-" + aet + ".cfg");
        Files.writeString(cfg, String.join("\n",
                "NetworkTCPPort  = " + port,
                "MaxPDUSize      = 16384",
                "MaxAssociations = 16",
                "HostTable BEGIN",
                "movedest = (" + destAet + ", 127.0.0.1, " + destPort + ")",
                "HostTable END",
                "VendorTable BEGIN",
                "VendorTable END",
                "AETable BEGIN",
                aet + " " + storage + " RW (100, 1024mb) ANY",
                "AETable END",
                ""));
        return cfg;
    }

    /**
     * dcmtk's version as the installed tools report it ("$dcmtk: echoscu v3.6.7 ..."), e.g. "3.6.7":
     * its implementation class UID is 1.2.276.0.7230010.3.0.3.6.7 and its version name OFFIS_DCMTK_367.
     */
    static String dcmtkVersion() {
        String out = Requirements.run(30, Requirements.command("echoscu").toString(), "--version");
        Matcher m = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no version in: " + out);
        }
        return m.group(1) + "." + m.group(2) + "." + m.group(3);
    }

    private static Path dump2dcm(Path dir, String name, List<String> lines) throws IOException {
        Path dump = dir.resolve(name + ".dump");
        Files.writeString(dump, String.join("\n", lines) + "\n");
        Path out = dir.resolve(name + ".dcm");
        Requirements.run(30, Requirements.command("dump2dcm").toString(), "+te", dump.toString(), out.toString());
        Files.delete(dump);
        return out;
    }
}
