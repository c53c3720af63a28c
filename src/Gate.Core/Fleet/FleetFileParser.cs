using System.Globalization;
using Gate.Core.Manifests;

namespace Gate.Core.Fleet;

/// <summary>
/// Parses FLEET.yaml. Every mistake is a <see cref="GateUsageException"/> with the file, line and column of the
/// offending key or value and a hint (exit 2).
/// </summary>
public static class FleetFileParser
{
    public const string ApiVersion = "gate.dev/v1";
    public const string Kind = "Fleet";
    public const string BySize = "by-size";

    private const string Docs = "see docs/fleet.md";
    private static readonly string[] TopKeys = ["apiVersion", "kind", "clusters", "waves", "pauseBeforeWaves"];
    private static readonly string[] ClusterKeys = ["name", "context", "kubeconfig", "prometheus", "scrapeApiServer", "nodes"];
    private static readonly string[] WaveKeys = ["clusters", "pauseBefore"];

    /// <summary>Parses <paramref name="text"/>, read from <paramref name="path"/>.</summary>
    public static FleetFile Parse(string text, string path, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var map = PositionMap.ForFile(path);
        var root = YamlTreeReader.ReadSingle(text ?? string.Empty, map, limits);
        if (root is not ManifestMapping top)
        {
            throw new GateUsageException("a fleet file must be a YAML mapping", root?.Position ?? map.Map(1, 1), "start with 'apiVersion: gate.dev/v1', 'kind: Fleet' and a 'clusters' list; " + Docs);
        }

        CheckKeys(top, TopKeys, "fleet file");
        Expect(top, "apiVersion", ApiVersion);
        Expect(top, "kind", Kind);
        if (top["clusters"] is not ManifestSequence { Items.Count: > 0 } clusterList)
        {
            throw new GateUsageException("a fleet file needs a non-empty 'clusters' list", top.PositionOf("clusters"), "add clusters: [{name: dev, context: dev, prometheus: http://...}]");
        }

        var clusters = new List<FleetCluster>();
        foreach (var item in clusterList.Items)
        {
            var cluster = ParseCluster(item);
            if (clusters.Any(c => c.Name == cluster.Name))
            {
                throw new GateUsageException($"cluster '{cluster.Name}' is listed twice", cluster.Position, "give every cluster a unique name");
            }

            clusters.Add(cluster);
        }

        var waves = top["waves"] switch
        {
            null => null,
            ManifestScalar { ScalarValue: BySize } => null,
            ManifestSequence sequence => ParseWaves(sequence, clusters),
            var other => throw new GateUsageException("'waves' must be 'by-size' or a list of waves", other.Position, "write waves: by-size, or waves: [{clusters: [dev]}, {clusters: [prod], pauseBefore: true}]"),
        };
        var pauses = top.GetItems("pauseBeforeWaves").Select(n => PositiveInt(n, "pauseBeforeWaves")).ToList();
        if (waves is not null && pauses.Count > 0)
        {
            throw new GateUsageException("pauseBeforeWaves applies to waves: by-size", top.PositionOf("pauseBeforeWaves"), "with explicit waves, set pauseBefore: true on the wave");
        }

        return new FleetFile { Clusters = clusters, Waves = waves, PauseBeforeWaves = pauses, Path = path };
    }

    private static FleetCluster ParseCluster(ManifestNode node)
    {
        if (node is not ManifestMapping c)
        {
            throw new GateUsageException("a cluster entry must be a mapping", node.Position, "e.g. {name: dev, context: dev, prometheus: http://prometheus.dev:9090}");
        }

        CheckKeys(c, ClusterKeys, "cluster");
        if (c.GetString("name") is not { Length: > 0 } name)
        {
            throw new GateUsageException("a cluster entry needs a name", c.Position, "add name: <cluster name>");
        }

        Uri? prometheus = null;
        if (c.GetString("prometheus") is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out prometheus) || prometheus.Scheme is not ("http" or "https")))
        {
            throw new GateUsageException($"cluster '{name}': prometheus '{url}' is not an http(s) URL", c["prometheus"]!.Position, "e.g. prometheus: http://prometheus.monitoring:9090");
        }

        var scrape = c["scrapeApiServer"] is { } s
            && ((s as ManifestScalar)?.AsBoolean() ?? throw new GateUsageException($"cluster '{name}': scrapeApiServer must be true or false", s.Position));
        if (scrape && prometheus is not null)
        {
            throw new GateUsageException($"cluster '{name}' has both prometheus and scrapeApiServer", c.PositionOf("scrapeApiServer"), "keep one health source");
        }

        return new FleetCluster
        {
            Name = name,
            Context = c.GetString("context"),
            Kubeconfig = c.GetString("kubeconfig"),
            Prometheus = prometheus,
            ScrapeApiServer = scrape,
            Nodes = c["nodes"] is { } n ? PositiveInt(n, $"cluster '{name}': nodes") : null,
            Position = c.Position,
        };
    }

    private static List<FleetWaveSpec> ParseWaves(ManifestSequence sequence, List<FleetCluster> clusters)
    {
        var known = string.Join(", ", clusters.Select(c => c.Name));
        var waves = new List<FleetWaveSpec>();
        var placed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in sequence.Items)
        {
            if (item is not ManifestMapping w || w["clusters"] is not ManifestSequence { Items.Count: > 0 } names)
            {
                throw new GateUsageException($"wave {waves.Count + 1} needs a non-empty 'clusters' list", item.Position, "e.g. - clusters: [dev-eu, dev-us]");
            }

            CheckKeys(w, WaveKeys, "wave");
            var members = new List<string>();
            foreach (var n in names.Items)
            {
                var name = n.ScalarValue ?? string.Empty;
                if (!clusters.Any(c => c.Name == name))
                {
                    throw new GateUsageException($"wave {waves.Count + 1} names unknown cluster '{name}'", n.Position, "clusters: " + known);
                }

                if (!placed.TryAdd(name, waves.Count + 1))
                {
                    throw new GateUsageException($"cluster '{name}' is in wave {placed[name]} and wave {waves.Count + 1}", n.Position, "put each cluster in one wave");
                }

                members.Add(name);
            }

            var pause = w["pauseBefore"] is { } p
                && ((p as ManifestScalar)?.AsBoolean() ?? throw new GateUsageException("pauseBefore must be true or false", p.Position));
            waves.Add(new FleetWaveSpec(members, pause, w.Position));
        }

        if (clusters.FirstOrDefault(c => !placed.ContainsKey(c.Name)) is { } missing)
        {
            throw new GateUsageException($"cluster '{missing.Name}' is in no wave", missing.Position, "add it to a wave, or remove it from clusters");
        }

        return waves;
    }

    private static void CheckKeys(ManifestMapping map, string[] known, string what)
    {
        if (map.Entries.FirstOrDefault(e => !known.Contains(e.Key.Value, StringComparer.Ordinal)) is { Key: { } key })
        {
            throw new GateUsageException($"unknown key '{key.Value}' in {what}", key.Position, "known keys: " + string.Join(", ", known));
        }
    }

    private static void Expect(ManifestMapping map, string key, string value)
    {
        var actual = map.GetString(key);
        if (actual != value)
        {
            throw new GateUsageException($"{key} must be {value}, got '{actual}'", map[key]?.Position ?? map.Position, $"write {key}: {value}");
        }
    }

    private static int PositiveInt(ManifestNode node, string what) =>
        int.TryParse(node.ScalarValue, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new GateUsageException($"{what} must be a whole number of at least 1, got '{node.ScalarValue}'", node.Position);
}
