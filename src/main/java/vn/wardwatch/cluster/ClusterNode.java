package vn.wardwatch.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the WardWatch cluster: a clustered Vert.x (event bus across JVMs) on Hazelcast, configured in
 * code: TCP-IP join on the given members (no multicast), and heartbeats short enough that a killed member is
 * dropped within a few seconds. Each member carries its role as a Hazelcast member attribute, so every node can
 * tell the live workers from the membership alone.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    static final String ROLE_ATTRIBUTE = "wardwatch.role";

    private final Vertx vertx;
    private final HazelcastClusterManager manager;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private ClusterNode(Vertx vertx, HazelcastClusterManager manager) {
        this.vertx = vertx;
        this.manager = manager;
    }

    /** Joins (or forms) the cluster; fails naming the address when it cannot within 60 s. */
    public static ClusterNode start(ClusterSettings settings, Role role) {
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(settings, role));
        VertxOptions options = new VertxOptions();
        // The event bus listens on the same interface as Hazelcast, on any free port.
        options.getEventBusOptions().setHost(settings.host()).setPort(0);
        try {
            Vertx vertx = Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                    .await(60, TimeUnit.SECONDS);
            ClusterNode node = new ClusterNode(vertx, manager);
            manager.getHazelcastInstance().getCluster().addMembershipListener(node.new Changes());
            LOG.info("cluster: joined as {} node {} on {}:{}", role.wireName(), node.nodeId(), settings.host(),
                    settings.port());
            return node;
        } catch (Exception e) {
            throw new IllegalStateException("cannot join the cluster on " + settings.host() + ":" + settings.port()
                    + " (members " + settings.members() + "): " + e.getMessage(), e);
        }
    }

    static Config hazelcastConfig(ClusterSettings s, Role role) {
        Config config = new Config();
        config.setClusterName(s.name());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // serve's own shutdown hook leaves the cluster last, after the cameras' final counts are acknowledged.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // A SIGKILLed member stops heartbeating: dropped after max.no.heartbeat seconds (default 60).
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(s.failureDetectionSeconds()));
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        config.setProperty("hazelcast.local.localAddress", s.host());
        config.getNetworkConfig().setPort(s.port()).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(s.host());
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(s.members()));
        config.getMemberAttributeConfig().setAttribute(ROLE_ATTRIBUTE, role.wireName());
        // What vertx-hazelcast's default-cluster.xml sets: its event-bus subscriptions are a set-valued multimap.
        config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
        config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** This member's id (its Hazelcast member UUID): new on every start, so it also names this run's counts. */
    public String nodeId() {
        // The Hazelcast member UUID, as liveWorkers() names members (Vert.x's own node id is a different UUID).
        return manager.getHazelcastInstance().getCluster().getLocalMember().getUuid().toString();
    }

    /** The ids of the live members with the worker role. */
    public List<String> liveWorkers() {
        HazelcastInstance hz = manager.getHazelcastInstance();
        List<String> workers = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            if (Role.WORKER.wireName().equals(m.getAttribute(ROLE_ATTRIBUTE))) {
                workers.add(m.getUuid().toString());
            }
        }
        return workers;
    }

    /** The ids of every live member (workers' ids name their journals: {@link JournalReplay}). */
    public java.util.Set<String> liveMembers() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Member m : manager.getHazelcastInstance().getCluster().getMembers()) {
            ids.add(m.getUuid().toString());
        }
        return ids;
    }

    /**
     * Whether this member leads the api nodes: it is the oldest live member with role {@code api}. Hazelcast lists
     * the members in join order, the same list on every member, so every api node reaches the same answer from the
     * membership alone; when the leader leaves, the next oldest api node leads from that membership change on. The
     * leader alone runs what must run once in the cluster (journal replay, retention, outbound push).
     */
    public boolean leadsApiNodes() {
        HazelcastInstance hz = manager.getHazelcastInstance();
        for (Member m : hz.getCluster().getMembers()) {
            if (Role.API.wireName().equals(m.getAttribute(ROLE_ATTRIBUTE))) {
                return m.localMember();
            }
        }
        return false;
    }

    /** Called (on a Hazelcast thread: hand work off) whenever a member joins, leaves or is dropped. */
    public void onMembershipChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("cluster: did not leave cleanly: {}", e.getMessage());
        }
    }

    private final class Changes implements MembershipListener {
        @Override
        public void memberAdded(MembershipEvent e) {
            LOG.info("cluster: member joined {} ({})", e.getMember().getUuid(), e.getMember().getAttribute(ROLE_ATTRIBUTE));
            listeners.forEach(Runnable::run);
        }

        @Override
        public void memberRemoved(MembershipEvent e) {
            LOG.info("cluster: member left {} ({})", e.getMember().getUuid(), e.getMember().getAttribute(ROLE_ATTRIBUTE));
            if (Role.API.wireName().equals(e.getMember().getAttribute(ROLE_ATTRIBUTE)) && leadsApiNodes()) {
                LOG.info("cluster: this api node {} now leads the api nodes (replay, retention, push)", nodeId());
            }
            listeners.forEach(Runnable::run);
        }
    }

    /** What a serve process does. {@code all}: everything in one process, no cluster (the default). */
    public enum Role {
        ALL, API, WORKER;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
