using System.Diagnostics;
using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Manifests;
using Gate.Core.Policies;
using Gate.Core.Reports;

namespace Gate.Benchmarks;

/// <summary>
/// <c>phases FILE [FORMAT]</c>: times each step of <c>gate estimate</c> in-process (read, decode + parse + discover,
/// estimate, render) and prints the managed heap after each, to find where a large input's time and memory go.
/// </summary>
internal static class Phases
{
    public static int Run(string[] args)
    {
        if (args.Length is < 1 or > 2)
        {
            Console.Error.WriteLine("usage: phases FILE [json|markdown|sarif|github]");
            return 2;
        }

        var format = args.Length == 2 ? args[1] : "json";
        var policyPath = Path.Combine(RepositoryFiles.Root(), "policies", "default.yaml");
        var policy = PolicyLoader.Load(File.ReadAllText(policyPath), policyPath, File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "policies", "schema.json")));
        var total = Stopwatch.StartNew();
        var watch = Stopwatch.StartNew();
        var bytes = File.ReadAllBytes(args[0]);
        Report("read", watch, bytes.Length);

        DiscoveryResult discovery;
        try
        {
            discovery = WorkloadDiscovery.Discover([new ManifestSource(args[0], bytes)]);
        }
        catch (Gate.Core.GateUsageException ex)
        {
            Report("rejected: " + ex.ToUserLine(), watch, 0);
            return 2;
        }

        Report("parse + discover", watch, discovery.Workloads.Count);

        var budget = policy.BudgetFor(ClusterProfiles.Large.Nodes);
        var estimate = CostModel.Estimate(discovery.Workloads, ClusterProfiles.Large, new CostBudget { CapacityShare = budget.ReadShare, StartupBurstSeconds = budget.StartupBurstSeconds });
        Report("estimate", watch, estimate.Workloads.Count);

        var text = ReportFormats.Render(format, new GateReport { Estimate = estimate, Policy = policy, BaseDirectory = Environment.CurrentDirectory });
        Report("render " + format, watch, text.Length);
        Console.WriteLine($"total {total.Elapsed.TotalSeconds:F2} s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
        return 0;
    }

    private static void Report(string phase, Stopwatch watch, long count)
    {
        Console.WriteLine($"{phase,-20} {watch.Elapsed.TotalSeconds,6:F2} s  ({count:N0})  heap {GC.GetTotalMemory(false) / (1024 * 1024)} MB, allocated {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MB, GC pause {GC.GetTotalPauseDuration().TotalSeconds:F2} s, gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        watch.Restart();
    }
}
