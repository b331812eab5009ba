package io.inlet.localrunner;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The S3 endpoint of the lakes: {@code INLET_S3_ENDPOINT} if set, else an S3Proxy in this JVM that stores objects
 * as plain files under a local folder (so Parquet files can be read right there).
 *
 * @param folder  where the objects are on disk, when the runner serves them; null for an external endpoint
 */
public record S3Endpoint(URI endpoint, String region, String accessKey, String secretKey, Path folder,
                         String origin, AutoCloseable stopper) implements AutoCloseable {

    static final String ENDPOINT_VARIABLE = "INLET_S3_ENDPOINT";
    static final String LOCAL_ACCESS_KEY = "inlet-local";
    static final String LOCAL_SECRET_KEY = "inlet-local-secret";

    static S3Endpoint resolve(Map<String, String> env, Path folder, String... buckets) {
        String configured = env.get(ENDPOINT_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return new S3Endpoint(URI.create(configured), env.getOrDefault("INLET_S3_REGION", "us-east-1"),
                    env.get("INLET_S3_ACCESS_KEY"), env.get("INLET_S3_SECRET_KEY"), null, "configured", () -> { });
        }
        return onFolder(folder, buckets);
    }

    /**
     * S3Proxy over jclouds' {@code filesystem-nio2} provider (the plain {@code filesystem} one lists directory
     * markers as objects): bucket = directory, object key = relative path.
     */
    public static S3Endpoint onFolder(Path folder, String... buckets) {
        return onFolder(folder, 0, buckets);
    }

    /**
     * As {@link #onFolder(Path, String...)}, on a given port ({@code 0}: any free one). Closing the endpoint and
     * calling this again with the same folder and port brings the same objects back at the same address, as an S3
     * outage that ends would.
     */
    public static S3Endpoint onFolder(Path folder, int port, String... buckets) {
        try {
            Files.createDirectories(folder);
            Properties properties = new Properties();
            properties.setProperty("jclouds.filesystem.basedir", folder.toAbsolutePath().toString());
            BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2")
                    .credentials(LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY)
                    .overrides(properties)
                    .build(BlobStoreContext.class);
            BlobStore store = context.getBlobStore();
            for (String bucket : buckets) {
                store.createContainerInLocation(null, bucket);
            }
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY)
                    .build();
            proxy.start();
            return new S3Endpoint(URI.create("http://127.0.0.1:" + proxy.getPort()), "us-east-1", LOCAL_ACCESS_KEY,
                    LOCAL_SECRET_KEY, folder.toAbsolutePath(), "s3proxy", () -> {
                        proxy.stop();
                        context.close();
                    });
        } catch (Exception e) {
            throw new IllegalStateException("Could not start S3Proxy on " + folder + ": " + e.getMessage()
                    + ". Or set " + ENDPOINT_VARIABLE + " (with INLET_S3_ACCESS_KEY, INLET_S3_SECRET_KEY).", e);
        }
    }

    /**
     * An endpoint that {@link #onFolder(Path, int, String...)} serves in another process (same local credentials),
     * stopped by {@code stopper}.
     */
    public static S3Endpoint servedElsewhere(URI endpoint, Path folder, String origin, AutoCloseable stopper) {
        return new S3Endpoint(endpoint, "us-east-1", LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY, folder.toAbsolutePath(),
                origin, stopper);
    }

    /** {@code inlet.lake.s3.*} for the lake-service. */
    public Map<String, String> lakeProperties() {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("inlet.lake.s3.endpoint", endpoint.toString());
        properties.put("inlet.lake.s3.region", region);
        properties.put("inlet.lake.s3.path-style", "true");
        if (accessKey != null) {
            properties.put("inlet.lake.s3.access-key", accessKey);
        }
        if (secretKey != null) {
            properties.put("inlet.lake.s3.secret-key", secretKey);
        }
        return properties;
    }

    @Override
    public void close() throws Exception {
        stopper.close();
    }

    @Override
    public String toString() {
        return endpoint + " (" + origin + (folder == null ? "" : ", files in " + folder) + ")";
    }
}
