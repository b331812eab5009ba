package io.inlet.localrunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Finds the services' runnable jars and unpacks each into a directory a plain {@link java.net.URLClassLoader}
 * can load: {@code classes/} plus {@code lib/*.jar} in the jar's class path order. Unpacking is skipped when the
 * jar has not changed since the last run.
 */
public final class ServiceJars {

    private final List<Path> searchDirectories;
    private final Path unpackDirectory;

    /**
     * @param searchDirectories where {@code <module>-<version>-exec.jar} files are looked for, in order
     * @param unpackDirectory   where they are unpacked (one sub-directory per service)
     */
    public ServiceJars(List<Path> searchDirectories, Path unpackDirectory) {
        this.searchDirectories = List.copyOf(searchDirectories);
        this.unpackDirectory = unpackDirectory;
    }

    /** The service's class path and main class, unpacked if needed. */
    public UnpackedService unpack(InletService service) {
        Path jar = find(service).orElseThrow(() -> new IllegalStateException("No runnable jar of "
                + service.module() + " (" + service.module() + "-*-exec.jar) in " + searchDirectories
                + ". Build it first: mvn -q install -DskipTests"));
        Path target = unpackDirectory.resolve(service.module());
        try {
            String stamp = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar);
            Path stampFile = target.resolve(".unpacked-from");
            if (!Files.isRegularFile(stampFile) || !Files.readString(stampFile).equals(stamp)) {
                deleteRecursively(target);
                unpackJar(jar, target);
                Files.writeString(stampFile, stamp);
            }
            return new UnpackedService(service, jar, classPath(target), Files.readString(target.resolve(
                    "start-class")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + jar + " into " + target, e);
        }
    }

    /** The newest {@code <module>-*-exec.jar} in the search directories (a service rebuilt alone wins). */
    Optional<Path> find(InletService service) {
        List<Path> candidates = new ArrayList<>();
        for (Path directory : searchDirectories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(f -> {
                    String name = f.getFileName().toString();
                    return name.startsWith(service.module() + "-") && name.endsWith("-exec.jar");
                }).forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return candidates.stream().max(Comparator.comparing(ServiceJars::lastModified));
    }

    private static void unpackJar(Path jar, Path target) throws IOException {
        Files.createDirectories(target.resolve("classes"));
        Files.createDirectories(target.resolve("lib"));
        try (JarFile file = new JarFile(jar.toFile())) {
            String startClass = file.getManifest().getMainAttributes().getValue("Start-Class");
            if (startClass == null || startClass.startsWith("org.springframework.boot.loader.")) {
                throw new IllegalStateException(jar + " is not a runnable service jar (Start-Class " + startClass
                        + "); rebuild it: mvn -q install -DskipTests");
            }
            Files.writeString(target.resolve("start-class"), startClass);
            List<String> order = new ArrayList<>();
            ZipEntry index = file.getEntry("BOOT-INF/classpath.idx");
            if (index != null) {
                try (InputStream in = file.getInputStream(index)) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String entry = line.trim();
                        if (entry.startsWith("- ")) {
                            String quoted = entry.substring(2).trim();
                            order.add(quoted.replace("\"", "").substring("BOOT-INF/lib/".length()));
                        }
                    }
                }
            }
            Files.write(target.resolve("classpath.idx"), order, StandardCharsets.UTF_8);
            var entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                Path destination;
                if (name.startsWith("BOOT-INF/classes/")) {
                    destination = target.resolve("classes").resolve(name.substring("BOOT-INF/classes/".length()));
                } else if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
                    destination = target.resolve("lib").resolve(name.substring("BOOT-INF/lib/".length()));
                } else if (name.startsWith("META-INF/") && !name.equals("META-INF/MANIFEST.MF")) {
                    // The service's own META-INF (configuration metadata, spring.factories...) belongs to its classes.
                    destination = target.resolve("classes").resolve(name);
                } else {
                    continue;
                }
                if (!destination.normalize().startsWith(target)) {
                    throw new IOException("entry outside the target directory: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static List<URL> classPath(Path target) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(url(target.resolve("classes")));
        List<String> order = Files.readAllLines(target.resolve("classpath.idx"), StandardCharsets.UTF_8);
        List<Path> libs;
        try (Stream<Path> files = Files.list(target.resolve("lib"))) {
            libs = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        for (String name : order) {
            Path lib = target.resolve("lib").resolve(name);
            if (Files.isRegularFile(lib)) {
                urls.add(url(lib));
            }
        }
        for (Path lib : libs) {
            if (!order.contains(lib.getFileName().toString())) {
                urls.add(url(lib));
            }
        }
        return urls;
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }

    private static java.nio.file.attribute.FileTime lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** A service ready to load: its jar, its class path (classes first, then libraries) and main class. */
    public record UnpackedService(InletService service, Path jar, List<URL> classPath, String startClass) {
    }
}
