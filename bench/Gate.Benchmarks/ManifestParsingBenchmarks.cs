using System.Text;
using BenchmarkDotNet.Attributes;
using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Benchmarks;

/// <summary>
/// Ingestion speed: a large multi-document YAML input (every corpus case repeated, with ConfigMaps and RBAC, about
/// 10 MB) through <see cref="WorkloadDiscovery.Discover"/>; and the alias bomb, which must fail fast.
/// Run: <c>dotnet run -c Release --project bench/Gate.Benchmarks -- --filter '*ManifestParsing*'</c>.
/// </summary>
[MemoryDiagnoser]
public class ManifestParsingBenchmarks
{
    private ManifestSource large = null!;
    private ManifestSource aliasBomb = null!;

    /// <summary>Approximate size of the large input in MB.</summary>
    [Params(10)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var corpus = FindShared("corpus");
        var cases = Directory.GetDirectories(corpus).Order(StringComparer.Ordinal)
            .Select(d => string.Join("---\n", Directory.GetFiles(d, "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText)))
            .ToList();
        var builder = new StringBuilder();
        for (var copy = 0; builder.Length < Megabytes * 1024 * 1024; copy++)
        {
            foreach (var text in cases)
            {
                // Rename every object so the copies are distinct workloads.
                builder.Append("---\n").Append(text.Replace("name: ", $"name: c{copy}-", StringComparison.Ordinal)).Append('\n');
            }
        }

        large = ManifestSource.FromText("large.yaml", builder.ToString());
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

    private static string FindShared(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", name);
            if (File.Exists(Path.Combine(dir.FullName, "Gate.sln")) && Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return Environment.GetEnvironmentVariable("GATE_SHARED_DIR") is { Length: > 0 } shared
            ? Path.Combine(shared, name)
            : throw new DirectoryNotFoundException("../shared/" + name + " not found");
    }
}
