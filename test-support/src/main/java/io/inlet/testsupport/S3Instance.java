package io.inlet.testsupport;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible endpoint shared by every test in the JVM; isolate with {@link #createBucket(String)}.
 *
 * @param origin where it came from: {@code env} or {@code s3proxy}
 */
public record S3Instance(URI endpoint, String region, String accessKey, String secretKey, String origin) {

    /**
     * A new client for this endpoint; the caller closes it. Path-style addressing because the endpoint is a
     * plain host:port; checksums only WHEN_REQUIRED because S3Proxy and MinIO reject the SDK's default
     * trailing checksums.
     */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    /** Creates a bucket with a unique, valid name derived from hint and returns that name. */
    public String createBucket(String hint) {
        String bucket = UniqueNames.bucketName(hint);
        try (S3Client s3 = client()) {
            s3.createBucket(request -> request.bucket(bucket));
        }
        return bucket;
    }

    /**
     * {@code <prefix>.endpoint}, {@code .region}, {@code .access-key} and {@code .secret-key}, for whatever
     * configuration properties the caller binds; {@code prefix} may end with a dot or not, or be empty.
     */
    public Map<String, String> properties(String prefix) {
        String p = prefix == null || prefix.isEmpty() || prefix.endsWith(".") ? nullToEmpty(prefix) : prefix + ".";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(p + "endpoint", endpoint.toString());
        properties.put(p + "region", region);
        properties.put(p + "access-key", accessKey);
        properties.put(p + "secret-key", secretKey);
        return Collections.unmodifiableMap(properties);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    @Override
    public String toString() {
        return "S3Instance[" + endpoint + " region " + region + ", origin=" + origin + "]";
    }
}
