namespace Gate.Analyzers.Rules;

/// <summary>GATE0001: a cluster-wide pod/endpoint/node LIST or WATCH without a node-scoped selector.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClusterWideListWithoutNodeSelectorAnalyzer : KubernetesCallAnalyzer
{
    /// <summary>Diagnostic property holding the field the fix selects on (absent when no fix applies).</summary>
    public const string SelectorFieldProperty = "SelectorField";

    private static readonly DiagnosticDescriptor Descriptor = CreateRule(
        RuleIdentifiers.ClusterWideListWithoutNodeSelector,
        "Node agents should not read every pod, endpoint or node in the cluster",
        "'{0}' reads {1} objects of the whole cluster from every node; {2}",
        "A DaemonSet runs one copy per node, so a cluster-wide LIST or WATCH of pods, endpoints or nodes costs the API server nodes × cluster size. Select the agent's own node with a field selector on spec.nodeName (pods) or metadata.name (nodes).");

    /// <summary>Creates the analyzer.</summary>
    public ClusterWideListWithoutNodeSelectorAnalyzer()
        : base(Descriptor)
    {
    }

    /// <inheritdoc/>
    protected override void Analyze(KubernetesCall call, OperationAnalysisContext context)
    {
        if (!call.IsClusterWide || !NodeScope.IsPerNodeResource(call.Resource) || NodeScope.IsNarrowed(call))
        {
            return;
        }

        var field = NodeScope.SelectorField(call.Resource);
        var advice = field is null
            ? "narrow it with a label or field selector to the services the agent needs"
            : $"add fieldSelector \"{field}=<this node>\" from the NODE_NAME environment variable";
        var properties = field is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(SelectorFieldProperty, field);
        Report(context, call, properties, call.MethodName, call.Resource, advice);
    }
}
