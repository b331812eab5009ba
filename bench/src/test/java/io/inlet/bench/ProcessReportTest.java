package io.inlet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessReportTest {

    @Test
    void cpuPerEventAddsTheLoadsAndTheDrainsCoreSeconds() {
        // 0.5 cores for 40 s and 0.25 cores for 20 s: 25 core-seconds over a million events
        assertThat(ProcessReport.microsPerEvent(new ProcStats.Usage(0.5, 100), 40, new ProcStats.Usage(0.25, 100), 20,
                1_000_000)).isCloseTo(25.0, within(1e-9));
        assertThat(ProcessReport.microsPerEvent(new ProcStats.Usage(0.5, 100), 40, new ProcStats.Usage(0, 0), 0, 0))
                .isZero();
    }

    @Test
    void theSectionNamesEveryProcessWithItsCostPerEvent() {
        Map<String, ProcStats.Usage> load = new LinkedHashMap<>();
        load.put("nats-server", new ProcStats.Usage(0.2, 270, 0.5, 100));
        load.put("lake-service", new ProcStats.Usage(0.4, 500, 0.6, 300));
        load.put("machine", new ProcStats.Usage(2.0, 0));
        Map<String, ProcStats.Usage> drain = Map.of("nats-server", new ProcStats.Usage(0.1, 250),
                "lake-service", new ProcStats.Usage(0.8, 505), "machine", new ProcStats.Usage(1.0, 0));
        Report report = new Report();
        ProcessReport.write(report, load, 10, drain, 5, 100_000, Map.of(), Map.of(), Map.of(),
                List.of("lake-service"));
        assertThat(report.toString())
                .contains("| nats-server | 0.20, 270 | 0.10, 250 | 0.00, 0 |")
                .contains("- nats-server 25.0, lake-service 80.0; machine 250.0")
                .contains("- lake-service: GC 0 % / 0 %, JIT 0 % / 0 %")
                .contains("| not in the rows above (machine − rows; other processes, kernel) | 1.40 | 0.10 | 0.00 |");
    }
}
