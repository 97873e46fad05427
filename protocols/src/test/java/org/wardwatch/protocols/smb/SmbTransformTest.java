package org.wardwatch.protocols.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.bytes;
import static org.wardwatch.protocols.infratest.InfraSamples.nbss;
import static org.wardwatch.protocols.infratest.InfraSamples.smb2Header;
import static org.wardwatch.protocols.infratest.InfraSamples.smb2NegotiateRequest;
import static org.wardwatch.protocols.infratest.InfraSamples.u16le;
import static org.wardwatch.protocols.infratest.InfraSamples.u32le;
import static org.wardwatch.protocols.infratest.InfraSamples.zeros;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.obs.smb.SmbCompressedMessagesSeen;
import org.wardwatch.model.obs.smb.SmbEncryptedSessionSeen;
import org.wardwatch.model.obs.smb.SmbNegotiated;
import org.wardwatch.model.obs.smb.SmbSessionSetupSeen;
import org.wardwatch.protocols.dispatch.AnalyzerHarness;

/**
 * Encrypted and compressed SMB 3 ([MS-SMB2] 2.2.41 TRANSFORM_HEADER, 2.2.42 COMPRESSION_TRANSFORM_HEADER)
 * on messages written from the specification: recognised, counted per session, never opened.
 */
class SmbTransformTest {
    static final long SESSION = 0x0000400000000011L;

    /** SMB2 header with a SessionId. */
    static byte[] header(int command, boolean response, long status, long sessionId) {
        byte[] h = smb2Header(command, response, status);
        for (int i = 0; i < 8; i++) {
            h[40 + i] = (byte) (sessionId >>> (8 * i));
        }
        return h;
    }

    /** NEGOTIATE response choosing 3.1.1 with one SMB2_ENCRYPTION_CAPABILITIES context naming AES-256-GCM (2.2.4, 2.2.3.1.2). */
    static byte[] negotiateResponse311() {
        byte[] context = bytes(u16le(2), u16le(4), zeros(4), u16le(1), u16le(4));
        // fixed part 64 + body 64 (incl. 1 byte buffer padding) = 128: 8-byte aligned, contexts follow directly
        return nbss(bytes(header(0, true, 0, 0), u16le(65), u16le(0x01), u16le(0x0311), u16le(1), zeros(16), u32le(0x6F),
                u32le(8388608), u32le(8388608), u32le(8388608), zeros(8), zeros(8), u16le(128), u16le(0), u32le(128), context));
    }

    /** SESSION_SETUP success with SMB2_SESSION_FLAG_ENCRYPT_DATA (2.2.6). */
    static byte[] sessionSetupEncrypt() {
        return nbss(bytes(header(1, true, 0, SESSION), u16le(9), u16le(0x0004), u16le(0), u16le(0)));
    }

    /** A TRANSFORM_HEADER message whose "ciphertext" looks like an SMB2 NEGOTIATE: it must not be read as one. */
    static byte[] transform(long sessionId) {
        byte[] inner = smb2NegotiateRequest();
        byte[] payload = java.util.Arrays.copyOfRange(inner, 4, inner.length);
        byte[] sid = new byte[8];
        for (int i = 0; i < 8; i++) {
            sid[i] = (byte) (sessionId >>> (8 * i));
        }
        return nbss(bytes(0xFD, "SMB", zeros(16), bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), zeros(5), u32le(payload.length), u16le(0),
                u16le(1), sid, payload));
    }

    /** An unchained COMPRESSION_TRANSFORM_HEADER (LZ77) with an uncompressed SMB2 header prefix. */
    static byte[] compressedTransform() {
        return nbss(bytes(0xFC, "SMB", u32le(4096), u16le(2), u16le(0), u32le(64), header(9, false, 0, SESSION), zeros(40)));
    }

    @Test
    void encryptedSessionIsReportedWithCipherFlagAndCountAndItsPayloadIsNeverParsed() {
        byte[] client = bytes(smb2NegotiateRequest(), transform(SESSION), transform(SESSION), transform(SESSION));
        byte[] server = bytes(negotiateResponse311(), sessionSetupEncrypt(), transform(SESSION), transform(SESSION));
        for (int chunk : new int[] {Integer.MAX_VALUE, 1, 7, 53, 100}) {
            AnalyzerHarness h = AnalyzerHarness.forFlow(new SmbAnalyzerFactory(), 445);
            h.feedSplit(true, client, Math.min(chunk, client.length)).feedSplit(false, server, Math.min(chunk, server.length)).end();
            assertThat(h.observations(SmbEncryptedSessionSeen.class)).as("chunk %d", chunk).singleElement().satisfies(s -> {
                assertThat(s.sessionId()).isEqualTo("0x0000400000000011");
                assertThat(s.dialect()).isEqualTo("3.1.1");
                assertThat(s.cipher()).isEqualTo("AES-256-GCM");
                assertThat(s.encryptDataFlag()).isTrue();
                assertThat(s.shareEncryptDataFlag()).isNull();
                assertThat(s.encryptedMessages()).isEqualTo(5);
            });
            // one NEGOTIATE in clear, none from inside the transforms
            assertThat(h.observations(SmbNegotiated.class)).hasSize(1);
            assertThat(h.observations(SmbSessionSetupSeen.class)).hasSize(1);
            assertThat(h.counter("smb_encrypted_message")).isEqualTo(5);
            assertThat(h.counters()).doesNotContainKeys("smb_internal_error", "smb_bad_protocol_id", "smb_v2_header_truncated");
        }
    }

    @Test
    void smb30ImpliesAes128CcmAndShareEncryptionIsReported() {
        byte[] negotiate30 = nbss(bytes(header(0, true, 0, 0), u16le(65), u16le(0x01), u16le(0x0300), u16le(0), zeros(16), u32le(0x40),
                u32le(65536), u32le(65536), u32le(65536), zeros(8), zeros(8), u16le(128), u16le(0), u32le(0)));
        byte[] treeConnect = nbss(bytes(header(3, true, 0, SESSION), u16le(16), 1, 0, u32le(0x8000), u32le(0), u32le(0x1F01FF)));
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SmbAnalyzerFactory(), 445)
                .client(smb2NegotiateRequest()).server(negotiate30).server(treeConnect).end();
        assertThat(h.observations(SmbEncryptedSessionSeen.class)).singleElement().satisfies(s -> {
            assertThat(s.cipher()).isEqualTo("AES-128-CCM");
            assertThat(s.shareEncryptDataFlag()).isTrue();
            assertThat(s.encryptDataFlag()).isNull();
            assertThat(s.encryptedMessages()).isZero();
        });
    }

    @Test
    void compressedMessagesAreCountedWithTheirAlgorithm() {
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SmbAnalyzerFactory(), 445)
                .client(smb2NegotiateRequest()).client(compressedTransform()).client(compressedTransform()).end();
        assertThat(h.observations(SmbCompressedMessagesSeen.class)).singleElement().satisfies(c -> {
            assertThat(c.algorithms()).containsExactly("lz77");
            assertThat(c.chained()).isFalse();
            assertThat(c.messages()).isEqualTo(2);
        });
    }

    @Test
    void aTransformShorterThanItsHeaderIsAnAnomaly() {
        byte[] shortTransform = nbss(bytes(0xFD, "SMB", zeros(20)));
        AnalyzerHarness h = AnalyzerHarness.forFlow(new SmbAnalyzerFactory(), 445).client(smb2NegotiateRequest()).client(shortTransform)
                .client(transform(SESSION)).end();
        assertThat(h.counter("smb_transform_truncated")).isEqualTo(1);
        assertThat(h.observations(SmbEncryptedSessionSeen.class)).singleElement()
                .satisfies(s -> assertThat(s.encryptedMessages()).isEqualTo(1));
    }

    /** Fuzz seeds of InfrastructureAnalyzersFuzzTest (analyzer 0 = SMB): -Dwardwatch.writeFixtures=true writes them. */
    @Test
    void fuzzSeedsAreTheSpecMadeExchanges() throws IOException {
        Path dir = Path.of("src/test/resources/org/wardwatch/protocols/infratest/InfrastructureAnalyzersFuzzTestInputs");
        byte[] sep = {(byte) 0xFF, (byte) 0xFE};
        byte[][] seeds = {
            bytes(0, 0, smb2NegotiateRequest(), sep, negotiateResponse311(), sep, transform(SESSION), sep, sessionSetupEncrypt(), sep,
                    transform(SESSION)),
            bytes(0, 0, smb2NegotiateRequest(), sep, negotiateResponse311(), sep, compressedTransform())};
        List<String> names = List.of("smb3_encrypted_transform", "smb3_compressed_transform");
        for (int i = 0; i < seeds.length; i++) {
            Path f = dir.resolve(names.get(i));
            if (Boolean.getBoolean("wardwatch.writeFixtures")) {
                Files.write(f, seeds[i]);
            }
            assertThat(Files.readAllBytes(f)).isEqualTo(seeds[i]);
        }
    }
}
