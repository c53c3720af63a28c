namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// node-feature-discovery's worker (kubernetes-sigs/node-feature-discovery, read at v0.18.3), recognised by the
/// <c>nfd-worker</c> command (the image also runs nfd-master and nfd-gc, not modelled). pkg/nfd-worker/nfd-worker.go:
/// at start it GETs its own pod for the owner reference (unless <c>core.noOwnerRefs</c>); every
/// <c>core.sleepInterval</c> (default 60 s) it GETs its NodeFeature object and creates or updates it when the features
/// changed. It watches nothing.
/// </summary>
public sealed class NodeFeatureDiscovery : IAgentModel
{
    public string Id => "nfd-worker";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Container.ImageRepository.EndsWith("node-feature-discovery", StringComparison.Ordinal)
            && context.Arguments.Any(a => a.EndsWith("nfd-worker", StringComparison.Ordinal));
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Container.ImagePosition;
        return new AgentAnalysis
        {
            Agent = Id,
            Patterns =
            [
                Patterns.Get(string.Empty, "pods", origin, "nfd-worker start-up: GET of its own pod (owner reference)", null, PatternScope.Object),
                Patterns.Get("nfd.k8s-sigs.io", "nodefeatures", origin, "nfd-worker: GET of its NodeFeature every 60 s (updated when features change)", 60, PatternScope.Object),
            ],
        };
    }
}
