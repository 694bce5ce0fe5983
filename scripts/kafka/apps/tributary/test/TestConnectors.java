// Two small Kafka Connect connectors for Tributary's tests and demo (Kafka's FileStream
// connectors are not served by the registries this machine reaches): a source that
// writes a line to its topic every 200 ms, and a sink that reads its topics and
// drops what it reads. Both run in a real distributed Connect worker. The source's
// `connection.password` setting is there to prove that secrets in connector configs
// never reach Tributary's pages.
package tributary.test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

public final class TestConnectors {
    private static final String VERSION = "1.0";

    public static class TickSource extends SourceConnector {
        private Map<String, String> settings;

        @Override public void start(Map<String, String> props) { settings = props; }
        @Override public Class<? extends Task> taskClass() { return TickTask.class; }
        @Override public List<Map<String, String>> taskConfigs(int maxTasks) { return Collections.singletonList(settings); }
        @Override public void stop() {}
        @Override public ConfigDef config() {
            return new ConfigDef()
                .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "The topic to write to")
                .define("connection.password", ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.LOW, "A secret");
        }
        @Override public String version() { return VERSION; }
    }

    public static class TickTask extends SourceTask {
        private String topic;
        private long sequence;

        @Override public void start(Map<String, String> props) { topic = props.get("topic"); }
        @Override public List<SourceRecord> poll() throws InterruptedException {
            Thread.sleep(200);
            sequence++;
            return Collections.singletonList(new SourceRecord(
                Collections.singletonMap("source", "ticks"), Collections.singletonMap("sequence", sequence),
                topic, Schema.STRING_SCHEMA, "tick " + sequence));
        }
        @Override public void stop() {}
        @Override public String version() { return VERSION; }
    }

    public static class DiscardSink extends SinkConnector {
        private Map<String, String> settings;

        @Override public void start(Map<String, String> props) { settings = props; }
        @Override public Class<? extends Task> taskClass() { return DiscardTask.class; }
        @Override public List<Map<String, String>> taskConfigs(int maxTasks) {
            List<Map<String, String>> configs = new ArrayList<>();
            for (int i = 0; i < maxTasks; i++) configs.add(settings);
            return configs;
        }
        @Override public void stop() {}
        @Override public ConfigDef config() { return new ConfigDef(); }
        @Override public String version() { return VERSION; }
    }

    public static class DiscardTask extends SinkTask {
        @Override public void start(Map<String, String> props) {}
        @Override public void put(Collection<SinkRecord> records) {}
        @Override public void stop() {}
        @Override public String version() { return VERSION; }
    }
}
