package org.wardwatch.capture.live;

import java.io.IOException;
import java.net.NetworkInterface;
import java.util.Locale;
import org.wardwatch.capture.source.CaptureFiles;
import org.wardwatch.capture.source.PacketSource;

/**
 * Opens live capture on an interface with the best backend here: libpcap in this process
 * ({@link LibpcapSource}) when the library loads, otherwise a {@code tcpdump} child process
 * ({@link LiveSource}). The environment variable {@code WARDWATCH_LIVE_BACKEND} ({@code libpcap} or
 * {@code tcpdump}) forces one.
 */
public final class LiveCapture {
    /** Environment variable that forces a backend. */
    public static final String BACKEND_ENV = "WARDWATCH_LIVE_BACKEND";

    private LiveCapture() {
    }

    /** The two ways of capturing live. */
    public enum Backend {
        LIBPCAP, TCPDUMP
    }

    /** The backend {@link #open} uses: forced by {@link #BACKEND_ENV}, else libpcap when it loads. */
    public static Backend backend() throws IOException {
        String forced = System.getenv(BACKEND_ENV);
        if (forced != null && !forced.isBlank()) {
            try {
                return Backend.valueOf(forced.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IOException(BACKEND_ENV + " must be 'libpcap' or 'tcpdump', not '" + forced + "'");
            }
        }
        return LibpcapSource.available() ? Backend.LIBPCAP : Backend.TCPDUMP;
    }

    /** Refuses what is not the name of an interface here ("any" is libpcap's name for all of them) or a bad snaplen. */
    static void checkArguments(String interfaceName, int snaplen) throws IOException {
        if (interfaceName == null || interfaceName.isEmpty() || interfaceName.startsWith("-")) {
            throw new IOException("live capture: '" + interfaceName + "' is not an interface name");
        }
        if (!"any".equals(interfaceName) && NetworkInterface.getByName(interfaceName) == null) {
            throw new IOException("live capture: no network interface named '" + interfaceName + "' (see 'ip link')");
        }
        if (snaplen <= 0 || snaplen > CaptureFiles.MAX_PACKET_BYTES) {
            throw new IllegalArgumentException("snaplen must be 1.." + CaptureFiles.MAX_PACKET_BYTES
                    + ": " + snaplen);
        }
    }

    /** Captures on {@code interfaceName} ("any" for all), keeping packets that match {@code bpfFilter} (null or blank: all). */
    public static PacketSource open(String interfaceName, String bpfFilter) throws IOException {
        return backend() == Backend.LIBPCAP ? LibpcapSource.open(interfaceName, bpfFilter) : LiveSource.open(interfaceName, bpfFilter);
    }
}
