namespace Gate.Analyzers.Rules;

/// <summary>GATE0004: a cluster-wide LIST without <c>limit</c>: one unbounded response.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClusterWideListWithoutLimitAnalyzer : KubernetesCallAnalyzer
{
    private static readonly DiagnosticDescriptor Descriptor = CreateRule(
        RuleIdentifiers.ClusterWideListWithoutLimit,
        "Paginate cluster-wide LISTs",
        "'{0}' lists every {1} in the cluster in one response; pass limit and follow the continue token",
        "Without limit the API server builds the whole cluster-wide collection in memory and sends it in one response, which grows with the cluster. A limit (e.g. 500) with continueParameter bounds each response. Not reported when a field selector already narrows the read to the agent's node.");

    /// <summary>Creates the analyzer.</summary>
    public ClusterWideListWithoutLimitAnalyzer()
        : base(Descriptor)
    {
    }

    /// <inheritdoc/>
    protected override void Analyze(KubernetesCall call, OperationAnalysisContext context)
    {
        if (call.Kind != CallKind.List
            || !call.IsClusterWide
            || call.GetState(KubernetesCall.Parameters.Limit) != ArgumentState.Unset
            || (NodeScope.SelectorField(call.Resource) is not null && NodeScope.IsNarrowed(call)))
        {
            return;
        }

        Report(context, call, null, call.MethodName, call.Resource);
    }
}
