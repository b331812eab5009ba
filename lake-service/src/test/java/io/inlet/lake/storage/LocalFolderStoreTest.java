package io.inlet.lake.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The object-store contract on a local folder, plus keys that would escape their bucket. */
class LocalFolderStoreTest extends ObjectStoreContract {

    private LocalFolderStore store;

    @BeforeEach
    void folder() throws Exception {
        store = new LocalFolderStore(Files.createDirectories(temp.resolve("store")));
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    String bucket() {
        return "lake";
    }

    @Test
    void refusesKeysOutsideTheirBucket() throws Exception {
        Path file = Files.writeString(temp.resolve("f"), "x");
        assertThatThrownBy(() -> store.upload("lake", "../other/k", file))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.upload("..", "k", file)).isInstanceOf(IllegalArgumentException.class);
    }
}
