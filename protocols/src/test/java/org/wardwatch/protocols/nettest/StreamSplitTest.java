package org.wardwatch.protocols.nettest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;
import org.wardwatch.protocols.spi.AnalyzerFactory;

/**
 * The TCP analyzers report the same observations however the stream is cut: each real exchange (the
 * fuzz seeds, cut from corpus flows) is fed whole, split in two at every offset of every chunk, and
 * byte by byte (after Netty's HttpResponseDecoderTest).
 */
class StreamSplitTest {
    static Stream<String> tcpSeeds() {
        return Seeds.names().stream().filter(n -> NetworkAnalyzersFuzzTest.FLOW.get(Integer.parseInt(n.substring(0, 2))).transport()
                == AnalyzerFactory.Transport.TCP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tcpSeeds")
    void observationsDoNotDependOnSegmentBoundaries(String seed) {
        int index = Integer.parseInt(seed.substring(0, 2));
        List<Seeds.Chunk> chunks = Seeds.chunks(seed);
        String whole = run(index, chunks, -1, -1);
        assertThat(whole).as("seed %s yields observations", seed).isNotEqualTo("[]");
        for (int c = 0; c < chunks.size(); c++) {
            for (int at = 1; at < chunks.get(c).data().length; at++) {
                assertThat(run(index, chunks, c, at)).as("%s chunk %d split at %d", seed, c, at).isEqualTo(whole);
            }
        }
        assertThat(run(index, chunks, -2, 1)).as("%s byte by byte", seed).isEqualTo(whole);
    }

    /** Feeds the chunks, splitting chunk {@code split} at {@code at} (or every chunk byte by byte when split == -2). */
    private static String run(int index, List<Seeds.Chunk> chunks, int split, int at) {
        AnalyzerFactory f = NetworkAnalyzersFuzzTest.FLOW.get(index);
        AnalyzerHarness h = AnalyzerHarness.forFlow(f, NetworkAnalyzersFuzzTest.PORTS[index]);
        for (int c = 0; c < chunks.size(); c++) {
            Seeds.Chunk chunk = chunks.get(c);
            byte[] d = chunk.data();
            if (split == -2) {
                h.feedSplit(chunk.fromClient(), d, 1);
            } else if (c == split) {
                h.feed(chunk.fromClient(), d, 0, at);
                h.feed(chunk.fromClient(), d, at, d.length - at);
            } else {
                h.feed(chunk.fromClient(), d, 0, d.length);
            }
        }
        h.end();
        assertThat(h.counter(f.name() + "_internal_error")).isZero();
        return h.observations().toString();
    }
}
