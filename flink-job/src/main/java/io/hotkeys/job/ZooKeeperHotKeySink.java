package io.hotkeys.job;

import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.schema.ZkLayout;
import java.io.IOException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes hot-key changes to ZooKeeper: a node per hot key under the app's hot-key node (see {@link
 * io.hotkeys.schema.ZkNode#HOT_KEY}). Writes are idempotent (create-or-update, delete-if-present),
 * so replaying changes after a restart leaves the same tree. A write that still fails after
 * Curator's retries fails the task, and Flink restarts it.
 */
final class ZooKeeperHotKeySink implements Sink<HotKeyChange> {
    private static final long serialVersionUID = 1L;

    private final String connect;
    private final String root;

    ZooKeeperHotKeySink(String connect, String root) {
        this.connect = connect;
        this.root = root;
    }

    @Override
    public SinkWriter<HotKeyChange> createWriter(WriterInitContext context) {
        CuratorFramework client =
                CuratorFrameworkFactory.builder()
                        .connectString(connect)
                        .retryPolicy(new ExponentialBackoffRetry(100, 10, 5_000))
                        .build();
        client.start();
        Counter writes = context.metricGroup().counter("zookeeperWrites");
        return new Writer(client, new ZkLayout(root), writes);
    }

    private static final class Writer implements SinkWriter<HotKeyChange> {
        private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperHotKeySink.class);

        private final CuratorFramework client;
        private final ZkLayout layout;
        private final Counter writes;

        Writer(CuratorFramework client, ZkLayout layout, Counter writes) {
            this.client = client;
            this.layout = layout;
            this.writes = writes;
        }

        @Override
        public void write(HotKeyChange change, Context context) throws IOException {
            String path = layout.hotKeyPath(change.app, change.key);
            try {
                apply(change, path);
                writes.inc();
            } catch (Exception e) {
                throw new IOException(
                        "cannot write hot-key change "
                                + change.kind
                                + " to ZooKeeper node "
                                + path
                                + "; is ZooKeeper up?",
                        e);
            }
        }

        private void apply(HotKeyChange change, String path) throws Exception {
            switch (change.kind) {
                case HOT -> upsert(path, change.toRecord());
                case PEAK -> updatePeak(path, change.peakCount);
                case COLD -> client.delete().quietly().forPath(path);
            }
            LOG.debug("{} {}", change.kind, path);
        }

        private void upsert(String path, HotKeyRecord record) throws Exception {
            client.create()
                    .orSetData()
                    .creatingParentsIfNeeded()
                    .forPath(path, HotKeyRecord.CODEC.encode(record));
        }

        private void updatePeak(String path, long peakCount) throws Exception {
            try {
                byte[] data = client.getData().forPath(path);
                HotKeyRecord record = HotKeyRecord.CODEC.decode(data, path);
                client.setData()
                        .forPath(path, HotKeyRecord.CODEC.encode(record.withPeakCount(peakCount)));
            } catch (KeeperException.NoNodeException e) {
                LOG.debug("peak update for {} found no node; the key is no longer hot", path);
            }
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {
            client.close();
        }
    }
}
