package org.wardwatch.cli;

/** The main class of the small jar {@link LauncherCdsTest} runs through the launcher's java runner. */
public final class CdsProbe {
    private CdsProbe() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        Class.forName("org.wardwatch.cli.CdsProbeOld"); // a class the JVM warns about when writing the archive
        System.out.println("probe " + String.join(" ", args));
        if (args.length > 0 && args[0].startsWith("exit")) {
            System.exit(Integer.parseInt(args[0].substring(4)));
        }
    }
}
