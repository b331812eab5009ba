package io.inlet.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inlet.faults.schedule.FaultKind;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunOptionsTest {

    @Test
    void defaultsFitTheTenMinuteRun() {
        RunOptions options = RunOptions.parse();
        assertThat(options.events()).isEqualTo(200_000);
        assertThat(options.seed()).isNull();
        assertThat(options.faultCount()).isEqualTo(10);
        assertThat(options.faultKinds()).isEmpty();
        assertThat(options.rate()).isEqualTo(1000);
        assertThat(options.batchSize()).isEqualTo(100);
        assertThat(options.loadDuration()).isEqualTo(Duration.ofSeconds(200));
        assertThat(options.workDir()).isEqualTo(Path.of("target/faults-run").toAbsolutePath());
    }

    @Test
    void readsEqualsAndSpaceSeparatedValues() {
        RunOptions options = RunOptions.parse("--events=50000", "--seed", "1234", "--rate", "500",
                "--work-dir=/tmp/x");
        assertThat(options.events()).isEqualTo(50_000);
        assertThat(options.seed()).isEqualTo(1234L);
        assertThat(options.rate()).isEqualTo(500);
        assertThat(options.workDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(options.loadDuration()).isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    void faultsIsACountOrAListOfKinds() {
        assertThat(RunOptions.parse("--faults=12").faultCount()).isEqualTo(12);
        RunOptions listed = RunOptions.parse("--faults", "lake-kill,nats-kill,s3-outage");
        assertThat(listed.faultKinds()).containsExactly(FaultKind.LAKE_KILL, FaultKind.NATS_KILL, FaultKind.S3_OUTAGE);
        assertThat(listed.faultCount()).isEqualTo(3);
    }

    @Test
    void aClusterRunKillsClusterNodesAndOnlyThem() {
        RunOptions cluster = RunOptions.parse("--nats-nodes", "3");
        assertThat(cluster.clustered()).isTrue();
        assertThat(cluster.faultKinds()).containsExactly(FaultKind.NATS_NODE_KILL, FaultKind.NATS_NODE_KILL);
        assertThat(RunOptions.parse().clustered()).isFalse();
        assertThatThrownBy(() -> RunOptions.parse("--nats-nodes=2")).hasMessageContaining("at least 3");
        assertThatThrownBy(() -> RunOptions.parse("--nats-nodes=3", "--faults=nats-kill"))
                .hasMessageContaining("nats-node-kill");
        assertThatThrownBy(() -> RunOptions.parse("--faults=nats-node-kill")).hasMessageContaining("--nats-nodes 3");
        assertThatThrownBy(() -> RunOptions.parse("--nats-nodes=3", "--faults=4")).hasMessageContaining("by kind");
    }

    @Test
    void rejectsUnknownOptionsKindsAndBadNumbers() {
        assertThatThrownBy(() -> RunOptions.parse("--evnts=5")).hasMessageContaining("unknown option --evnts");
        assertThatThrownBy(() -> RunOptions.parse("--faults=lake-kill,meteor")).hasMessageContaining("meteor");
        assertThatThrownBy(() -> RunOptions.parse("--events=lots")).hasMessageContaining("--events");
        assertThatThrownBy(() -> RunOptions.parse("--rate")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> RunOptions.parse("events=5")).hasMessageContaining("--name=value");
        assertThatThrownBy(() -> RunOptions.parse("--rate=0")).hasMessageContaining("positive");
    }
}
