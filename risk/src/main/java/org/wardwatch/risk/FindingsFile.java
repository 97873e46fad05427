package org.wardwatch.risk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.wardwatch.model.finding.DeviceRisk;
import org.wardwatch.model.finding.Finding;

/**
 * The content of {@code findings.json} (docs/risk.md): every finding, every device's score with its
 * arithmetic, the advisories affecting the inventory, what VEX ruled out, counts, and where the intel
 * came from. Field names are API.
 *
 * @param format      1
 * @param analysisTime the time the analysis was "at" (the last packet), ISO 8601, null without traffic
 * @param intelStore  the intel store file that was read, null when there was none
 */
public record FindingsFile(int format, String analysisTime, String intelStore, RiskResult.Stats stats,
                           List<DeviceRisk> scores, List<Finding> findings, List<RiskResult.AdvisoryImpact> advisories,
                           List<RiskResult.Suppressed> suppressed) {
    public static final int FORMAT = 1;
    public static final String NAME = "findings.json";

    public FindingsFile {
        scores = scores == null ? List.of() : List.copyOf(scores);
        findings = findings == null ? List.of() : List.copyOf(findings);
        advisories = advisories == null ? List.of() : List.copyOf(advisories);
        suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
    }

    public static FindingsFile of(RiskResult r, String analysisTime, String intelStore) {
        return new FindingsFile(FORMAT, analysisTime, intelStore, r.stats(), r.scores(), r.findings(), r.advisories(), r.suppressed());
    }

    /** Writes atomically (temporary file, then rename) with the given mapper (ISO times, no nulls). */
    public void write(Path file, ObjectMapper mapper) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, NAME, ".tmp");
        try {
            mapper.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            readableByAll(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temporary files are created owner-only; an output file is as readable as the others in its folder (0644). */
    public static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep the default
        }
    }

    public static FindingsFile read(Path file, ObjectMapper mapper) throws IOException {
        try {
            FindingsFile f = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(file.toFile(), FindingsFile.class);
            if (f.format() != FORMAT) {
                throw new IOException(file + ": findings format " + f.format() + " is not " + FORMAT + "; run wardwatch analyze again");
            }
            return f;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not a wardwatch findings file (" + e.getOriginalMessage() + ")", e);
        }
    }
}
