package org.geosync.core.tests;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * A {@link ChildProcess} in its own JVM: the java running the tests, on a plain classpath made of the
 * locations of the bundles of the running OSGi framework (the engine needs no OSGi: Derby, JTS, proj4j,
 * EMF and equinox.common are ordinary jars). Reactor bundles located at a project folder contribute its
 * {@code target/classes}.
 */
final class ChildJvm implements AutoCloseable {

    private static String classpath;

    private final Process process;
    private final Path log;
    private final BufferedReader out;
    private final List<String> lines = new ArrayList<>();

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code ChildProcess args} at -Xmx256m, tuned to start fast; its stderr goes to {@code log}. */
    static ChildJvm start(Path log, String... args) throws IOException {
        return start(log, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), args);
    }

    /** Starts {@code ChildProcess args} at -Xmx256m with these further JVM options; its stderr goes to {@code log}. */
    static ChildJvm start(Path log, List<String> options, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(options);
        command.addAll(List.of("-Djava.awt.headless=true", "-cp", classpath(), ChildProcess.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ChildJvm(pb.start(), log);
    }

    /** Reads stdout until a line starting with {@code prefix}; fails when the child ends before it. */
    String await(String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null;) {
            lines.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line.startsWith("FAILED")) {
                throw new AssertionError("the child process failed: " + line);
            }
        }
        throw new AssertionError("the child process ended (exit " + exitCode() + ") before printing " + prefix + "; it printed " + lines
                + " and on stderr: " + tail() + "\n(classpath " + classpath + ")");
    }

    private String tail() {
        try {
            String all = Files.readString(log, StandardCharsets.UTF_8);
            return all.substring(Math.max(0, all.length() - 3000));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** Lets a paused child continue. */
    void resume() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** kill -TERM (what a service manager sends), then waits for the exit. */
    int terminate() throws InterruptedException {
        process.destroy();
        return exitCode();
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    int exitCode() {
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the child process did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static synchronized String classpath() throws IOException {
        if (classpath == null) {
            Set<String> entries = new LinkedHashSet<>();
            Bundle self = FrameworkUtil.getBundle(ChildJvm.class);
            for (Bundle b : self.getBundleContext().getBundles()) {
                Path p = path(b.getLocation());
                if (p != null && Files.isDirectory(p.resolve("target/classes"))) {
                    entries.add(p.resolve("target/classes").toString());
                } else if (p != null && Files.exists(p)) {
                    entries.add(p.toString());
                }
            }
            // the framework itself (org.osgi.framework is referenced, though unused outside OSGi)
            entries.add(location(FrameworkUtil.class.getProtectionDomain().getCodeSource().getLocation()).toString());
            classpath = String.join(File.pathSeparator, entries);
        }
        return classpath;
    }

    /** The file or folder of a bundle location such as {@code initial@reference:file:../../x.jar} (relative to the install area). */
    private static Path path(String location) {
        String l = location;
        for (String prefix : new String[] { "initial@", "reference:" }) {
            if (l.startsWith(prefix)) {
                l = l.substring(prefix.length());
            }
        }
        if (!l.startsWith("file:")) {
            return null;
        }
        Path p = Path.of(l.substring("file:".length()));
        if (!p.isAbsolute()) {
            String area = System.getProperty("osgi.install.area");
            if (area == null || !area.startsWith("file:")) {
                return null;
            }
            p = Path.of(area.substring("file:".length())).resolve(p);
        }
        return p.toAbsolutePath().normalize();
    }

    private static Path location(URL url) throws IOException {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot locate " + url, e);
        }
    }
}
