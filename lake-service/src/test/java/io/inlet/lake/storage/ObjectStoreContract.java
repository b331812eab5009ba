package io.inlet.lake.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link ObjectStore} adapter does; each adapter's test extends this with a fresh, empty bucket. */
abstract class ObjectStoreContract {

    @TempDir
    Path temp;

    /** The store under test. */
    abstract ObjectStore store();

    /** A bucket that exists and is empty. */
    abstract String bucket();

    @Test
    void uploadedObjectsReadBackByteForByte() throws Exception {
        Path file = Files.write(temp.resolve("in"), new byte[] {1, 2, 3, 0, 5});
        store().upload(bucket(), "t/dt=2026-01-01/hr=00/a.parquet", file);

        Path back = temp.resolve("back");
        store().download(bucket(), "t/dt=2026-01-01/hr=00/a.parquet", back);
        assertThat(back).hasBinaryContent(new byte[] {1, 2, 3, 0, 5});
        assertThat(store().exists(bucket(), "t/dt=2026-01-01/hr=00/a.parquet")).isTrue();
    }

    @Test
    void copyThenDeleteMovesAnObject() throws Exception {
        Path file = Files.writeString(temp.resolve("in"), "moved");
        store().upload(bucket(), "_staging/x", file);

        store().copy(bucket(), "_staging/x", "t/x");
        store().delete(bucket(), "_staging/x");

        assertThat(store().exists(bucket(), "_staging/x")).isFalse();
        Path back = temp.resolve("back");
        store().download(bucket(), "t/x", back);
        assertThat(back).hasContent("moved");
    }

    @Test
    void listsByPrefixInKeyOrderWithSizes() throws Exception {
        Path file = Files.writeString(temp.resolve("in"), "1234");
        store().upload(bucket(), "_staging/b", file);
        store().upload(bucket(), "_staging/a", file);
        store().upload(bucket(), "t/dt=2026-01-01/hr=00/c", file);

        assertThat(store().list(bucket(), "_staging/")).extracting(ObjectStore.StoredObject::key)
                .containsExactly("_staging/a", "_staging/b");
        assertThat(store().list(bucket(), "t/")).singleElement().satisfies(o -> {
            assertThat(o.size()).isEqualTo(4);
            assertThat(o.lastModified()).isNotNull();
        });
        assertThat(store().list(bucket(), "nothing/")).isEmpty();
    }

    @Test
    void uploadReplacesAnExistingObject() throws Exception {
        store().upload(bucket(), "k", Files.writeString(temp.resolve("one"), "one"));
        store().upload(bucket(), "k", Files.writeString(temp.resolve("two"), "two"));

        Path back = temp.resolve("back");
        store().download(bucket(), "k", back);
        assertThat(back).hasContent("two");
    }

    @Test
    void deletingOrProbingAMissingObjectIsNoError() {
        store().delete(bucket(), "missing/key");
        assertThat(store().exists(bucket(), "missing/key")).isFalse();
    }

    @Test
    void downloadingAMissingObjectFails() {
        assertThatThrownBy(() -> store().download(bucket(), "missing/key", temp.resolve("x")))
                .isInstanceOf(RuntimeException.class);
    }
}
