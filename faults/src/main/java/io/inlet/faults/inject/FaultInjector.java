package io.inlet.faults.inject;

import io.inlet.faults.lake.LakeFolder;
import io.inlet.faults.schedule.PlannedFault;
import io.inlet.localrunner.InletService;
import io.inlet.localrunner.processes.LocalDatabase;
import io.inlet.localrunner.processes.ServiceProcess;
import io.inlet.localrunner.processes.ServiceStack;
import io.inlet.testsupport.NatsCluster;
import io.inlet.testsupport.NatsServerProcess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Does one fault to the running stack and undoes it: a killed process is started again at once with the same port
 * and settings (the fault ends when it is healthy again), S3 and nats-server come back on the same port and data.
 */
public final class FaultInjector {

    /** How long S3 stays down. */
    public static final Duration S3_DOWN = Duration.ofSeconds(20);
    /** How long nats-server stays dead before it is started again on its store. */
    public static final Duration NATS_DOWN = Duration.ofSeconds(2);
    /** How long the lake may take to start writing a file before it is killed anyway. */
    public static final Duration STAGING_WAIT = Duration.ofSeconds(30);
    private static final Duration HEALTHY_AGAIN = Duration.ofMinutes(3);
    /** How long a restarted cluster node may take to catch up with the meta leader and its streams. */
    private static final Duration NODE_CURRENT_AGAIN = Duration.ofMinutes(2);

    private final ServiceStack stack;
    private final NatsServerProcess nats;
    private final NatsCluster cluster;
    private final RestartableS3 s3;
    private final LakeFolder lake;
    private final String database;
    private final Duration pipelineAckWait;
    private final Consumer<String> progress;

    /**
     * @param nats    the one nats-server of the run, or null when it runs on {@code cluster}
     * @param cluster the NATS cluster of the run, or null when it runs on {@code nats}
     */
    public FaultInjector(ServiceStack stack, NatsServerProcess nats, NatsCluster cluster, RestartableS3 s3,
                         LakeFolder lake, String database, Duration pipelineAckWait, Consumer<String> progress) {
        if ((nats == null) == (cluster == null)) {
            throw new IllegalArgumentException("a run has either one nats-server or a NATS cluster");
        }
        this.stack = stack;
        this.nats = nats;
        this.cluster = cluster;
        this.s3 = s3;
        this.lake = lake;
        this.database = database;
        this.pipelineAckWait = pipelineAckWait;
        this.progress = progress;
    }

    public ExecutedFault execute(PlannedFault fault) throws Exception {
        progress.accept("fault " + fault.label());
        return switch (fault.kind()) {
            case GATEWAY_KILL -> killAndRestart(fault, stack.process(InletService.GATEWAY), InletService.GATEWAY, "");
            case CONSUMER_KILL -> killAndRestart(fault, stack.process(InletService.CONSUMER), InletService.CONSUMER,
                    "");
            case PIPELINE_KILL -> killAndRestart(fault, pipeline(fault), InletService.PIPELINE, "");
            case LAKE_KILL -> killLakeWhileWriting(fault);
            case NATS_KILL -> killNats(fault);
            case S3_OUTAGE -> s3Outage(fault);
            case POSTGRES_TERMINATE -> terminateConnections(fault);
            case PIPELINE_PAUSE -> pausePipeline(fault);
            case NATS_NODE_KILL -> killClusterNode(fault);
        };
    }

    /** Alternates between the pipeline instances, so both are hit over a run. */
    private ServiceProcess pipeline(PlannedFault fault) {
        List<ServiceProcess> pipelines = stack.instances(InletService.PIPELINE);
        return pipelines.get(fault.number() % pipelines.size());
    }

    private ExecutedFault killAndRestart(PlannedFault fault, ServiceProcess process, InletService service,
                                         String note) throws Exception {
        long started = System.currentTimeMillis();
        process.kill();
        process.start();
        process.awaitHealthy(ServiceStack.healthPath(service), HEALTHY_AGAIN);
        return new ExecutedFault(fault, started, System.currentTimeMillis(),
                (note.isEmpty() ? "" : note + "; ") + process.name() + " healthy again");
    }

    private ExecutedFault killLakeWhileWriting(PlannedFault fault) throws Exception {
        long deadline = System.nanoTime() + STAGING_WAIT.toNanos();
        boolean staging = false;
        while (System.nanoTime() < deadline && !(staging = lake.lakeIsStaging())) {
            TimeUnit.MICROSECONDS.sleep(500);
        }
        ExecutedFault killed = killAndRestart(fault, stack.process(InletService.LAKE), InletService.LAKE,
                staging ? "killed with a staging object in " + LakeFolder.STAGING + "/"
                        : "NO staging object seen within " + STAGING_WAIT.toSeconds() + " s; killed anyway");
        return new ExecutedFault(fault, killed.startedAt(), killed.endedAt(), killed.note(), staging);
    }

    private ExecutedFault killNats(PlannedFault fault) throws InterruptedException {
        if (nats == null) {
            throw new IllegalStateException(fault.kind().option() + " needs a single nats-server; on a cluster use "
                    + "nats-node-kill");
        }
        long started = System.currentTimeMillis();
        nats.kill();
        TimeUnit.MILLISECONDS.sleep(NATS_DOWN.toMillis());
        nats.start();
        return new ExecutedFault(fault, started, System.currentTimeMillis(), "restarted on its store, " + nats.url());
    }

    /**
     * {@code kill -9} of one node (the meta leader on odd faults, a follower on even ones), started again on its port and store after {@link #NATS_DOWN}; the
     * fault ends once the node is current again with the meta leader and the streams ({@link NatsCluster#awaitReady}).
     */
    private ExecutedFault killClusterNode(PlannedFault fault) throws InterruptedException {
        if (cluster == null) {
            throw new IllegalStateException(fault.kind().option() + " needs a NATS cluster: --nats-nodes 3");
        }
        int size = cluster.nodes().size();
        String leaderBefore = cluster.metaLeader(0);
        int leader = leaderBefore == null ? 0 : Integer.parseInt(leaderBefore.substring(1)) - 1;
        // odd faults kill the meta leader (a new one must be elected), even ones a follower
        int index = fault.number() % 2 == 1 ? leader : (leader + 1) % size;
        NatsServerProcess node = cluster.node(index);
        long started = System.currentTimeMillis();
        node.kill();
        TimeUnit.MILLISECONDS.sleep(NATS_DOWN.toMillis());
        node.start();
        cluster.awaitReady(NODE_CURRENT_AGAIN);
        return new ExecutedFault(fault, started, System.currentTimeMillis(), "node n" + (index + 1) + " ("
                + node.url() + ", meta leader before: " + leaderBefore + ") restarted on its store and current again");
    }

    private ExecutedFault s3Outage(PlannedFault fault) throws Exception {
        long started = System.currentTimeMillis();
        s3.stop();
        TimeUnit.MILLISECONDS.sleep(S3_DOWN.toMillis());
        s3.start();
        return new ExecutedFault(fault, started, System.currentTimeMillis(), "same port, same folder");
    }

    private ExecutedFault terminateConnections(PlannedFault fault) throws Exception {
        long started = System.currentTimeMillis();
        int terminated = 0;
        try (Connection connection = LocalDatabase.connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select pg_terminate_backend(pid) from pg_stat_activity "
                     + "where datname = '" + database + "' and pid <> pg_backend_pid()")) {
            while (rows.next()) {
                if (rows.getBoolean(1)) {
                    terminated++;
                }
            }
        }
        return new ExecutedFault(fault, started, System.currentTimeMillis(), terminated + " backends terminated");
    }

    private ExecutedFault pausePipeline(PlannedFault fault) throws Exception {
        ServiceProcess pipeline = pipeline(fault);
        Duration pause = pipelineAckWait.plusSeconds(5);
        long started = System.currentTimeMillis();
        pipeline.pause();
        try {
            TimeUnit.MILLISECONDS.sleep(pause.toMillis());
        } finally {
            pipeline.resume();
        }
        return new ExecutedFault(fault, started, System.currentTimeMillis(),
                pipeline.name() + " stopped for " + pause.toSeconds() + " s (ack wait " + pipelineAckWait.toSeconds()
                        + " s)");
    }
}
