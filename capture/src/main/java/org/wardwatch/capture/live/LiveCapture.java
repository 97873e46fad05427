package org.wardwatch.capture.live;

import java.io.IOException;
import java.util.Locale;
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

    /** Captures on {@code interfaceName} ("any" for all), keeping packets that match {@code bpfFilter} (null or blank: all). */
    public static PacketSource open(String interfaceName, String bpfFilter) throws IOException {
        return backend() == Backend.LIBPCAP ? LibpcapSource.open(interfaceName, bpfFilter) : LiveSource.open(interfaceName, bpfFilter);
    }
}
