using FsCheck;
using FsCheck.Fluent;
using Gate.Core.Agents;
using Gate.Core.Cost;

namespace Gate.Core.Tests.Cost;

/// <summary>A read pattern and a node count, generated for the property tests.</summary>
public sealed record PatternAtSize(AccessPattern Pattern, int Nodes)
{
    public override string ToString() =>
        $"{Pattern.Verb} {Pattern.GroupResource} {Pattern.Scope} rv={Pattern.ResourceVersion ?? "unset"} limit={Pattern.Limit} period={Pattern.PeriodSeconds} {Pattern.Encoding} @ {Nodes}";
}

/// <summary>FsCheck generators: any verb, known resource, scope, resourceVersion, limit, period and encoding.</summary>
public static class PatternArbitraries
{
    private static readonly string[] Resources = [.. ReferenceCluster.KnownResources.Order(StringComparer.Ordinal), "widgets"];

    public static Gen<AccessPattern> Patterns() =>
        from verb in Gen.Elements(ApiVerb.List, ApiVerb.Watch, ApiVerb.Get, ApiVerb.Patch)
        from resource in Gen.Elements(Resources)
        from scope in Gen.Elements(PatternScope.Cluster, PatternScope.Namespace, PatternScope.Node)
        from rv in Gen.Elements<string?>(null, "0")
        from limit in Gen.Elements<int?>(null, 500)
        from period in Gen.Elements<double?>(null, 10, 60, 600)
        from encoding in Gen.Elements(WireEncoding.Json, WireEncoding.Protobuf)
        select new AccessPattern
        {
            Verb = verb,
            Resource = resource,
            Scope = scope,
            ResourceVersion = rv,
            Limit = limit,
            PeriodSeconds = period,
            Encoding = encoding,
        };

    public static Arbitrary<PatternAtSize> PatternAtSize() =>
        (from p in Patterns() from n in Gen.Choose(1, 20_000) select new PatternAtSize(p, n)).ToArbitrary();

    /// <summary>A per-node workload with one pattern and an informer watch beside informer lists.</summary>
    public static Workload Fleet(params AccessPattern[] patterns) => new()
    {
        Kind = "DaemonSet",
        Namespace = "agents",
        Name = "generated",
        Agent = "generated",
        PatternSource = PatternSource.Declared,
        AccessPatterns = patterns,
    };
}
