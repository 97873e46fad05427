package org.wardwatch.cli;

/**
 * An empty interface {@link LauncherCdsTest} puts in its jar with an old class-file version (49), which
 * CDS cannot archive: the JVM warns about it when writing the archive, which the runner must silence.
 */
interface CdsProbeOld {
}
