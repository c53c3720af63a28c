namespace Gate.Analyzers.Rules;

/// <summary>GATE0003: a polling LIST without resourceVersion, which forces a consistent read every time.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PollingListWithoutResourceVersionAnalyzer : KubernetesCallAnalyzer
{
    private static readonly DiagnosticDescriptor Descriptor = CreateRule(
        RuleIdentifiers.PollingListWithoutResourceVersion,
        "Serve polling LISTs from the watch cache",
        "'{0}' runs on every {1} without resourceVersion, so every call is a consistent read; pass resourceVersion: \"0\" to read from the API server's watch cache",
        "A LIST without resourceVersion must be served consistently: the API server confirms the latest revision with etcd (or reads etcd directly on older servers). resourceVersion \"0\" lets it answer from its watch cache, which a poller that tolerates slightly old data should do.");

    /// <summary>Creates the analyzer.</summary>
    public PollingListWithoutResourceVersionAnalyzer()
        : base(Descriptor)
    {
    }

    /// <inheritdoc/>
    protected override void Analyze(KubernetesCall call, OperationAnalysisContext context)
    {
        if (call.Kind != CallKind.List
            || call.GetState(KubernetesCall.Parameters.ResourceVersion) != ArgumentState.Unset
            || call.GetState(KubernetesCall.Parameters.Continue) != ArgumentState.Unset)
        {
            return;
        }

        var reason = PollingPath.FindReason(call, context.Compilation);
        if (reason is not null)
        {
            Report(context, call, null, call.MethodName, reason);
        }
    }
}
