package dev.colloquy.infra.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colloquy.command.model.ModelCatalogue;
import dev.colloquy.command.model.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the nodes on this database run one model catalogue. Each node writes a digest of every model it
 * serves (id, upstream, limits, prices and price changes) and, while it runs, that it is still there; a node
 * whose catalogue differs from a live node's logs it once per difference and its health says so. Replies stay
 * correctly priced either way (the price travels in the reply's events, ADR 0014), so the difference is a
 * warning for the operator, never a reason to take the node out of service.
 */
public class CatalogueAgreement {
    private static final Logger log = LoggerFactory.getLogger(CatalogueAgreement.class);
    private static final TypeReference<Map<String, String>> DIGESTS = new TypeReference<>() {
    };

    private final Jdbi jdbi;
    private final String nodeId;
    private final Map<String, String> catalogue;
    /** The catalogue's digests as stored in {@code cluster_node}. */
    private final String listing;
    private final Duration liveFor;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public CatalogueAgreement(Jdbi jdbi, String nodeId, ModelCatalogue catalogue, Duration liveFor) {
        this.jdbi = jdbi;
        this.nodeId = nodeId;
        this.catalogue = digests(catalogue.all());
        this.listing = listing(this.catalogue);
        this.liveFor = liveFor;
    }

    /** How the live nodes' catalogues differ from this node's; empty when they agree. */
    public record Difference(String nodeId, Set<String> onlyHere, Set<String> onlyThere, Set<String> unlike) {
        boolean isEmpty() {
            return onlyHere.isEmpty() && onlyThere.isEmpty() && unlike.isEmpty();
        }
    }

    /** Says this node is here, with its catalogue; rows of nodes long gone are cleared on the way. */
    public void announce() {
        jdbi.useTransaction(h -> {
            h.createUpdate("delete from cluster_node where seen_at < now() - interval '1 day'").execute();
            h.createUpdate("""
                            insert into cluster_node (node_id, catalogue, started_at, seen_at)
                            values (:node, cast(:catalogue as jsonb), now(), now())
                            on conflict (node_id) do update set catalogue = excluded.catalogue,
                                started_at = excluded.started_at, seen_at = excluded.seen_at""")
                    .bind("node", nodeId).bind("catalogue", listing).execute();
        });
    }

    /**
     * Still here (written again if the row went, a restored database say); answers the differences, logging
     * each new one (a node started since).
     */
    public List<Difference> heartbeat() {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into cluster_node (node_id, catalogue, started_at, seen_at)
                        values (:node, cast(:catalogue as jsonb), now(), now())
                        on conflict (node_id) do update set seen_at = excluded.seen_at""")
                .bind("node", nodeId).bind("catalogue", listing).execute());
        List<Difference> differences = differences();
        differences.forEach(this::report);
        return differences;
    }

    public List<Difference> differences() {
        Map<String, Map<String, String>> others = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        select node_id, catalogue::text from cluster_node
                        where node_id <> :node and seen_at > now() - make_interval(secs => :live)""")
                .bind("node", nodeId).bind("live", (double) liveFor.toSeconds())
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(row -> others.put(row.getKey(), parse(row.getValue()))));
        return others.entrySet().stream().map(other -> compare(other.getKey(), other.getValue()))
                .filter(difference -> !difference.isEmpty()).toList();
    }

    private Difference compare(String otherNode, Map<String, String> theirs) {
        Set<String> onlyHere = new TreeSet<>(catalogue.keySet());
        onlyHere.removeAll(theirs.keySet());
        Set<String> onlyThere = new TreeSet<>(theirs.keySet());
        onlyThere.removeAll(catalogue.keySet());
        Set<String> unlike = new TreeSet<>();
        catalogue.forEach((model, digest) -> {
            if (theirs.containsKey(model) && !theirs.get(model).equals(digest)) {
                unlike.add(model);
            }
        });
        return new Difference(otherNode, onlyHere, onlyThere, unlike);
    }

    private void report(Difference difference) {
        if (reported.add(difference.toString())) {
            log.warn("this node's model catalogue differs from node {}'s: models only here {}, only there {}, "
                            + "configured differently {}; replies are priced where they run until the catalogues "
                            + "agree", difference.nodeId(), difference.onlyHere(), difference.onlyThere(),
                    difference.unlike());
        }
    }

    private static String listing(Map<String, String> catalogue) {
        try {
            return new ObjectMapper().writeValueAsString(catalogue);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> parse(String listing) {
        try {
            return json.readValue(listing, DIGESTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable catalogue listing in cluster_node", e);
        }
    }

    /** One digest per model of everything that decides how it is called and priced. */
    static Map<String, String> digests(List<ModelSpec> specs) {
        Map<String, String> digests = new TreeMap<>();
        for (ModelSpec spec : specs) {
            StringBuilder canonical = new StringBuilder().append(spec.provider()).append('\n')
                    .append(spec.upstreamName()).append('\n').append(spec.contextWindow()).append('\n')
                    .append(spec.outputReserve()).append('\n')
                    .append(spec.inputPricePerMillion().stripTrailingZeros().toPlainString()).append('\n')
                    .append(spec.outputPricePerMillion().stripTrailingZeros().toPlainString());
            for (ModelSpec.PriceChange change : spec.priceChanges()) {
                canonical.append('\n').append(change.effectiveFrom()).append(' ')
                        .append(change.inputPricePerMillion().stripTrailingZeros().toPlainString()).append(' ')
                        .append(change.outputPricePerMillion().stripTrailingZeros().toPlainString());
            }
            digests.put(spec.id(), sha256(canonical.toString()));
        }
        return digests;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
