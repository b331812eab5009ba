package io.inlet.testsupport;

import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API server (S3Proxy) inside the test JVM, over jclouds' in-memory {@code transient} store.
 * Not the plain {@code filesystem} provider: it lists directory markers as objects.
 */
final class InProcessS3Proxy {

    static final String ACCESS_KEY = "inlet-test-access-key";
    static final String SECRET_KEY = "inlet-test-secret-key";
    static final String REGION = "us-east-1";
    private static final String HOST = "127.0.0.1";

    private InProcessS3Proxy() {
    }

    static S3Instance start() {
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .build(BlobStoreContext.class);
        BlobStore blobStore = context.getBlobStore();
        // Port 0: the OS picks a free port at bind time, so parallel JVMs cannot collide.
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + HOST + ":0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("S3Proxy did not start: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(proxy, context), "inlet-s3proxy-stop"));
        return new S3Instance(URI.create("http://" + HOST + ":" + proxy.getPort()), REGION, ACCESS_KEY, SECRET_KEY,
                "s3proxy");
    }

    private static void stop(S3Proxy proxy, BlobStoreContext context) {
        try {
            proxy.stop();
        } catch (Exception e) {
            // The JVM is exiting; nothing useful to do with a failed stop.
        } finally {
            context.close();
        }
    }
}
