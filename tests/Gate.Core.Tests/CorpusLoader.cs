using System.Text.Json;
using Gate.Core.Manifests;
using Gate.Testing;

namespace Gate.Core.Tests;

/// <summary>Reads the labelled corpus (../shared/corpus): the case folders and labels.json.</summary>
internal static class CorpusLoader
{
    /// <summary>Resources label.py models; patterns on others (replicationcontrollers …) are named in `why` only.</summary>
    public static readonly HashSet<string> LabelledResources =
    [
        "pods", "nodes", "namespaces", "services", "endpointslices", "endpoints", "configmaps", "secrets", "replicasets",
        "deployments", "statefulsets", "daemonsets", "jobs", "cronjobs", "persistentvolumeclaims", "persistentvolumes",
        "ingresses", "horizontalpodautoscalers", "leases", "events", "resourcequotas",
    ];

    public static IEnumerable<JsonElement> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Corpus, "labels.json")));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public static JsonElement Case(string name) => Cases().Single(c => c.GetProperty("case").GetString() == name);

    public static IReadOnlyList<ManifestSource> Sources(string caseName)
    {
        var folder = Path.Combine(RepoPaths.Corpus, caseName);
        return Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => new ManifestSource(caseName + "/" + Path.GetFileName(f), File.ReadAllBytes(f)))
            .ToList();
    }
}
