namespace Gate.Analyzers.Rules;

/// <summary>GATE0002: a LIST that runs in a loop or timer callback, polling where a watch or informer fits.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PollingListAnalyzer : KubernetesCallAnalyzer
{
    private static readonly DiagnosticDescriptor Descriptor = CreateRule(
        RuleIdentifiers.PollingList,
        "Watch instead of polling with LIST",
        "'{0}' lists {1} objects on every {2}; use a watch or an informer that lists once and then receives changes",
        "Each LIST is a full read of the collection; polling repeats it on every tick on every node. A watch (or an informer: LIST once, then WATCH from its resourceVersion) costs one long-running request and receives only changes.");

    /// <summary>Creates the analyzer.</summary>
    public PollingListAnalyzer()
        : base(Descriptor)
    {
    }

    /// <inheritdoc/>
    protected override void Analyze(KubernetesCall call, OperationAnalysisContext context)
    {
        if (call.Kind != CallKind.List)
        {
            return;
        }

        var reason = PollingPath.FindReason(call, context.Compilation);
        if (reason is not null)
        {
            Report(context, call, null, call.MethodName, call.Resource, reason);
        }
    }
}
