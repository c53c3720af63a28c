using Microsoft.CodeAnalysis.Operations;

namespace Gate.Analyzers.Kubernetes;

/// <summary>Base of the Gate rules: hands every recognised KubernetesClient LIST/WATCH call to the rule.</summary>
public abstract class KubernetesCallAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Creates the analyzer of one rule.</summary>
    protected KubernetesCallAnalyzer(DiagnosticDescriptor rule)
    {
        Rule = rule;
        SupportedDiagnostics = ImmutableArray.Create(rule);
    }

    /// <inheritdoc/>
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <summary>The rule this analyzer reports.</summary>
    protected DiagnosticDescriptor Rule { get; }

    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        if (context is null)
        {
            return;
        }

        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Projects that do not reference KubernetesClient cost nothing beyond this lookup.
            if (start.Compilation.GetTypeByMetadataName("k8s.IKubernetes") is null)
            {
                return;
            }

            start.RegisterOperationAction(
                operationContext =>
                {
                    if (KubernetesCall.TryCreate((IInvocationOperation)operationContext.Operation, out var call))
                    {
                        Analyze(call, operationContext);
                    }
                },
                OperationKind.Invocation);
        });
    }

    /// <summary>Reports the rule's diagnostics for one call.</summary>
    protected abstract void Analyze(KubernetesCall call, OperationAnalysisContext context);

    /// <summary>Reports the rule at the call's method name.</summary>
    protected void Report(OperationAnalysisContext context, KubernetesCall call, ImmutableDictionary<string, string?>? properties, params object[] messageArguments) =>
        context.ReportDiagnostic(Diagnostic.Create(Rule, call?.NameLocation, properties, messageArguments));

    /// <summary>A descriptor with the shared category and help link; every rule is on by default.</summary>
    protected static DiagnosticDescriptor CreateRule(string id, string title, string messageFormat, string description) =>
        new(
            id,
            title,
            messageFormat,
            RuleIdentifiers.Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: RuleIdentifiers.GetHelpUri(id));
}
