package io.inlet.lake.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An object store in a local folder: bucket {@code b}, key {@code k} is the file {@code <root>/b/k}. Writes go to a
 * temporary file that is then moved into place atomically, so a reader never sees half an object.
 */
public class LocalFolderStore implements ObjectStore {

    private static final String PARTIAL = ".partial-";

    private final Path root;

    public LocalFolderStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void upload(String bucket, String key, Path file) {
        place(file, path(bucket, key));
    }

    @Override
    public void download(String bucket, String key, Path file) {
        try {
            Files.copy(existing(bucket, key), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + bucket + "/" + key, e);
        }
    }

    @Override
    public void copy(String bucket, String from, String to) {
        place(existing(bucket, from), path(bucket, to));
    }

    @Override
    public void delete(String bucket, String key) {
        try {
            Files.deleteIfExists(path(bucket, key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + bucket + "/" + key, e);
        }
    }

    @Override
    public boolean exists(String bucket, String key) {
        return Files.isRegularFile(path(bucket, key));
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix) {
        Path base = bucketPath(bucket);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        List<StoredObject> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix) && !file.getFileName().toString().startsWith(PARTIAL)) {
                    objects.add(new StoredObject(key, Files.size(file), Files.getLastModifiedTime(file).toInstant()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + bucket + "/" + prefix, e);
        }
        objects.sort(Comparator.comparing(StoredObject::key));
        return objects;
    }

    private void place(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(PARTIAL + UUID.randomUUID());
            Files.copy(source, partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private Path existing(String bucket, String key) {
        Path path = path(bucket, key);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no object " + bucket + "/" + key);
        }
        return path;
    }

    private Path bucketPath(String bucket) {
        return inside(root, root.resolve(bucket), bucket);
    }

    /** Keys are relative paths inside their bucket: {@code ..} or an absolute key cannot escape it. */
    private Path path(String bucket, String key) {
        Path base = bucketPath(bucket);
        return inside(base, base.resolve(key), key);
    }

    private static Path inside(Path base, Path path, String name) {
        Path normal = path.normalize();
        if (!normal.startsWith(base) || normal.equals(base)) {
            throw new IllegalArgumentException("not a key inside " + base + ": " + name);
        }
        return normal;
    }
}
