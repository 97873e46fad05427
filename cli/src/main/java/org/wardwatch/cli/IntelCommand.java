package org.wardwatch.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.wardwatch.risk.intel.Advisory;
import org.wardwatch.risk.intel.IntelBundle;
import org.wardwatch.risk.intel.IntelImporter;
import org.wardwatch.risk.intel.IntelStore;
import org.wardwatch.risk.intel.Sbom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wardwatch intel import PATH...} and {@code wardwatch intel list}: vulnerability intelligence, offline. */
@Command(name = "intel", mixinStandardHelpOptions = true,
        description = {"Import and list vulnerability intelligence (no network access is ever made).",
            "Imported intel is matched against the inventory by every later 'wardwatch analyze'."},
        subcommands = {IntelCommand.Import.class, IntelCommand.ListIntel.class})
final class IntelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static Path dataDir(Path option) {
        return option != null ? option : org.wardwatch.store.Store.defaultDataDir();
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Validate and store intel files: CSAF 2.0 advisories (files, folders or a ROLIE feed document",
                "beside its advisories), NVD CVE API 2.0 JSON (.json or .json.gz) and CycloneDX SBOM/VEX JSON.",
                "All or nothing: when one file is invalid, nothing is stored and the error names the file and JSON path."})
    static final class Import implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (searched for *.json and *.json.gz).")
        List<Path> paths;

        @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: $WARDWATCH_DATA, else $XDG_DATA_HOME/wardwatch, else ~/.local/share/wardwatch).")
        Path data;

        @Option(names = "--dry-run", description = "Validate only; store nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            IntelImporter.Result r = new IntelImporter().importPaths(paths);
            PrintStream out = System.out;
            for (String w : r.warnings()) {
                System.err.println("wardwatch: warning: " + w);
            }
            IntelBundle b = r.bundle();
            long csaf = b.advisories().stream().filter(a -> a.source().equals("csaf")).count();
            long csafVulns = b.advisories().stream().filter(a -> a.source().equals("csaf")).mapToLong(a -> a.vulnerabilities().size()).sum();
            long nvd = b.advisories().stream().filter(a -> a.source().equals("nvd")).count();
            long vex = b.sboms().stream().mapToLong(s -> s.vex().size()).sum();
            String what = csaf + " CSAF advisories (" + csafVulns + " vulnerabilities), " + nvd + " NVD CVEs, "
                    + b.sboms().size() + " CycloneDX documents (" + vex + " VEX statements) from " + b.imports().size() + " files";
            if (dryRun) {
                out.println("valid: " + what + " (dry run: nothing stored)");
                return 0;
            }
            IntelStore store = new IntelStore(dataDir(data));
            IntelBundle all = store.add(b);
            out.println("imported " + what);
            out.println("store " + store.file() + ": " + all.advisories().size() + " advisories, " + all.sboms().size() + " SBOM/VEX documents");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the stored advisories and SBOM/VEX documents.")
    static final class ListIntel implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: $WARDWATCH_DATA, else $XDG_DATA_HOME/wardwatch, else ~/.local/share/wardwatch).")
        Path data;

        @Override
        public Integer call() throws Exception {
            IntelStore store = new IntelStore(dataDir(data));
            IntelBundle b = store.load();
            PrintStream out = System.out;
            out.println(store.file() + ": " + b.advisories().size() + " advisories, " + b.sboms().size() + " SBOM/VEX documents");
            for (Advisory a : b.advisories()) {
                out.println(String.join("\t", a.source(), a.id(), a.released() == null ? "" : a.released(),
                        a.vulnerabilities().size() + " vuln", a.title()));
            }
            for (Sbom s : b.sboms()) {
                out.println(String.join("\t", "cyclonedx", s.serial(), s.subject() == null ? "(VEX only)"
                        : s.subject().vendor() + " " + s.subject().name() + " " + s.subject().version(),
                        s.components().size() + " components", s.vex().size() + " VEX"));
            }
            return 0;
        }
    }
}
