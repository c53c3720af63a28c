using System.Text;
using BenchmarkDotNet.Attributes;
using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Benchmarks;

/// <summary>
/// Ingestion speed: a large multi-document YAML input (every corpus case repeated, with ConfigMaps and RBAC, about
/// 5 MB, 1,000 workloads: the most Gate accepts) through <see cref="WorkloadDiscovery.Discover"/>; and the alias bomb, which must fail fast.
/// Run: <c>dotnet run -c Release --project bench/Gate.Benchmarks -- --filter '*ManifestParsing*'</c>.
/// </summary>
[MemoryDiagnoser]
public class ManifestParsingBenchmarks
{
    private ManifestSource large = null!;
    private ManifestSource aliasBomb = null!;

    /// <summary>Approximate size of the large input in MB.</summary>
    [Params(5)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        large = ManifestSource.FromText("large.yaml", LargeInput.Build(Megabytes));
        var bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            var previous = (char)(level - 1);
            bomb.Append("  ").Append(level).Append(": &").Append(level).Append(" [").Append(string.Join(",", Enumerable.Repeat("*" + previous, 9))).Append("]\n");
        }

        aliasBomb = ManifestSource.FromText("bomb.yaml", bomb.ToString());
    }

    [Benchmark]
    public int DiscoverLargeMultiDocument() => WorkloadDiscovery.Discover([large]).Workloads.Count;

    [Benchmark]
    public string AliasBombRejected()
    {
        try
        {
            WorkloadDiscovery.Discover([aliasBomb]);
            return "accepted";
        }
        catch (Gate.Core.GateUsageException ex)
        {
            return ex.Message;
        }
    }
}
