package io.inlet.faults.schedule;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a fault does to the running stack; {@link #option()} is its name on the command line. */
public enum FaultKind {

    GATEWAY_KILL("kill -9 gateway"),
    CONSUMER_KILL("kill -9 consumer"),
    PIPELINE_KILL("kill -9 one pipeline"),
    /** The lake is killed the moment a staging object exists: in the middle of writing a file. */
    LAKE_KILL("kill -9 lake while it writes a file"),
    NATS_KILL("kill -9 nats-server"),
    S3_OUTAGE("S3 down"),
    POSTGRES_TERMINATE("PostgreSQL connections terminated"),
    PIPELINE_PAUSE("one pipeline paused past its ack wait"),
    /** Only on a clustered NATS ({@code --nats-nodes 3}): one node dies, the other two keep the R3 streams' quorum. */
    NATS_NODE_KILL("kill -9 one node of the NATS cluster");

    private final String description;

    FaultKind(String description) {
        this.description = description;
    }

    /** The kinds a run on one nats-server can do: all but {@link #NATS_NODE_KILL}. */
    public static List<FaultKind> singleServer() {
        return Arrays.stream(values()).filter(kind -> kind != NATS_NODE_KILL).toList();
    }

    public String description() {
        return description;
    }

    /** {@code lake-kill} for {@link #LAKE_KILL}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FaultKind ofOption(String option) {
        return Arrays.stream(values()).filter(kind -> kind.option().equals(option.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + option + "'; one of "
                        + Arrays.stream(values()).map(FaultKind::option).toList()));
    }
}
