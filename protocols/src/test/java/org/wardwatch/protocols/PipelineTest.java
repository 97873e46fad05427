package org.wardwatch.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.testkit.Requirements;

/** The sensor end to end on real captures: engine, dispatcher and the registered analyzers together. */
class PipelineTest {
    @Test
    void hl7CaptureYieldsOneHl7FlowAndItsMessages() throws Exception {
        Path capture = Requirements.sharedFile("corpus/medical/ndpi_hl7.pcap");
        List<Observation> all = Pipeline.observe(capture);
        List<FlowRecord> flows = all.stream().filter(FlowRecord.class::isInstance).map(FlowRecord.class::cast).toList();
        assertThat(flows).hasSize(1);
        assertThat(flows.get(0).application()).isEqualTo("hl7");
        assertThat(flows.get(0).flow().serverPort()).isEqualTo(6661);
        assertThat(all).anyMatch(o -> o.type().startsWith("hl7_"));
    }

    @Test
    void arpFramesBecomeAddressObservations() throws Exception {
        Path capture = Requirements.sharedFile("corpus/protocols/ndpi_android.pcap");
        Pipeline.Result r = Pipeline.run(capture, o -> { });
        assertThat(r.engine().packets()).isPositive();
        assertThat(r.analyzerCounters()).doesNotContainKeys(r.analyzerCounters().keySet().stream()
                .filter(k -> k.endsWith("_internal_error")).toArray(String[]::new));
    }

    @Test
    void everyCorpusCaptureRunsWithoutAnAnalyzerBug() throws Exception {
        Path corpus = Requirements.sharedFile("corpus");
        List<Path> captures;
        try (var files = java.nio.file.Files.walk(corpus)) {
            captures = files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().toList();
        }
        assertThat(captures).hasSizeGreaterThan(100);
        StringBuilder bugs = new StringBuilder();
        for (Path capture : captures) {
            try {
                Pipeline.Result r = Pipeline.run(capture, o -> { });
                r.analyzerCounters().forEach((k, v) -> {
                    if (k.endsWith("_internal_error") || k.endsWith("_probe_error")) {
                        bugs.append(corpus.relativize(capture)).append(": ").append(k).append('=').append(v).append('\n');
                    }
                });
            } catch (org.wardwatch.capture.source.CaptureFormatException e) {
                // an unreadable file is a clean, reported error; the capture tests check which ones
            }
        }
        assertThat(bugs.toString()).as("analyzer exceptions (each is a bug)").isEmpty();
    }
}
