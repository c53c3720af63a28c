using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Agents;

/// <summary>Workloads of one namespace/name in several places link to the objects nearest to them.</summary>
public sealed class SameNameLinkingTests
{
    private const string Agent =
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: obs\nspec:\n  template:\n    spec:\n      containers:\n"
        + "        - name: a\n          image: acme/agent:1\n          volumeMounts:\n            - {name: cfg, mountPath: /etc/agent}\n"
        + "      volumes:\n        - name: cfg\n          configMap: {name: agent-config}\n";

    private const string Config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: agent-config\n  namespace: obs\ndata:\n  env: {0}\n";

    [Fact]
    public void Discover_SameDaemonSetInTwoFolders_EachLinksTheCollectorConfigOfItsOwnFolder()
    {
        // The node-scoped collector in envs/dev, the cluster-wide one in envs/prod: same DaemonSet, same ConfigMap name.
        var sources = In("envs/dev", "otel-k8sattributes-node-filter").Concat(In("envs/prod", "otel-k8sattributes-cluster")).ToList();

        var result = WorkloadDiscovery.Discover(sources);

        Assert.Equal(["envs/dev/daemonset.yaml", "envs/prod/daemonset.yaml"], result.Workloads.Select(w => w.Origin!.File));
        var dev = result.Workloads[0].AccessPatterns.Where(p => p.Resource == "pods").ToList();
        var prod = result.Workloads[1].AccessPatterns.Where(p => p.Resource == "pods").ToList();
        Assert.NotEmpty(dev);
        Assert.All(dev, p => Assert.Equal(PatternScope.Node, p.Scope));
        Assert.All(dev, p => Assert.StartsWith("envs/dev/", p.Origin!.File, StringComparison.Ordinal));
        Assert.Contains(prod, p => p.Scope == PatternScope.Cluster);
        Assert.All(prod, p => Assert.StartsWith("envs/prod/", p.Origin!.File, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning);
    }

    [Fact]
    public void SeenFrom_CopiesInOwnFileFolderAndElsewhere_OwnFileThenOwnFolderThenTheRest()
    {
        var set = Set(
            ("base/cm.yaml", string.Format(null, Config, "base")),
            ("envs/prod/cm.yaml", string.Format(null, Config, "prod-folder")),
            ("envs/prod/ds.yaml", Agent + "---\n" + string.Format(null, Config, "prod-file")),
            ("envs/dev/ds.yaml", Agent),
            ("envs/dev/overlay/cm.yaml", string.Format(null, Config, "dev-overlay")),
            ("other/ds.yaml", Agent));

        Assert.Equal("prod-file", Env(set.SeenFrom("envs/prod/ds.yaml")));
        Assert.Equal("prod-folder", Env(set.SeenFrom("envs/prod/other.yaml")));
        Assert.Equal("dev-overlay", Env(set.SeenFrom("envs/dev/ds.yaml")));
        Assert.Equal("base", Env(set.SeenFrom("base/ds.yaml")));
        Assert.Empty(set.SeenFrom("envs/dev/ds.yaml").Ties);
    }

    [Fact]
    public void SeenFrom_NoCopies_TheSetItself()
    {
        var set = Set(("a/ds.yaml", Agent), ("b/cm.yaml", string.Format(null, Config, "b")));

        Assert.Same(set, set.SeenFrom("a/ds.yaml"));
    }

    [Fact]
    public void Discover_CopiesEquallyNear_LinksTheFirstAndWarnsInANote()
    {
        var result = WorkloadDiscovery.Discover(
        [
            ManifestSource.FromText("deploy/agent/ds.yaml", Agent),
            ManifestSource.FromText("deploy/dev/cm.yaml", string.Format(null, Config, "dev")),
            ManifestSource.FromText("deploy/prod/cm.yaml", string.Format(null, Config, "prod")),
        ]);

        var workload = Assert.Single(result.Workloads);
        var note = Assert.Single(workload.Notes, n => n.StartsWith("ConfigMap agent-config", StringComparison.Ordinal));
        Assert.Equal(
            "ConfigMap agent-config is in both deploy/dev/cm.yaml and deploy/prod/cm.yaml, as near to this workload's file as each other: linked to the one in "
            + "deploy/dev/cm.yaml; pass one environment's folder per run, or keep each workload's objects in its own folder",
            note);
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.EndsWith(note, StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_TieOnAnObjectTheWorkloadDoesNotUse_NoNote()
    {
        var other = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dashboards\n  namespace: obs\n";
        var result = WorkloadDiscovery.Discover(
        [
            ManifestSource.FromText("deploy/agent/ds.yaml", Agent + "---\n" + string.Format(null, Config, "own")),
            ManifestSource.FromText("deploy/dev/cm.yaml", other),
            ManifestSource.FromText("deploy/prod/cm.yaml", other),
        ]);

        Assert.DoesNotContain(Assert.Single(result.Workloads).Notes, n => n.Contains("as near", StringComparison.Ordinal));
    }

    private static IEnumerable<ManifestSource> In(string folder, string corpusCase) =>
        CorpusLoader.Sources(corpusCase).Select(s => new ManifestSource($"{folder}/{Path.GetFileName(s.Path)}", s.Content));

    private static ManifestSet Set(params (string File, string Text)[] files)
    {
        var diagnostics = new List<Diagnostic>();
        return new ManifestSet([.. files.SelectMany(f => ManifestLoader.Load(ManifestSource.FromText(f.File, f.Text), diagnostics))]);
    }

    private static string? Env(ManifestSet view) => view.Find("ConfigMap", "agent-config", "obs")?.Root.GetMapping("data")?.GetString("env");
}
