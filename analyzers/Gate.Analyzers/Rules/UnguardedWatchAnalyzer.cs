using System.Collections.Generic;
using System.Collections.Immutable;
using Gate.Analyzers.Kubernetes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gate.Analyzers.Rules;

/// <summary>GATE0005: a WATCH without a server timeout, without bookmarks, or without handling 410 Gone.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnguardedWatchAnalyzer : KubernetesCallAnalyzer
{
    /// <summary>Diagnostic property listing the arguments the fix adds, comma-separated parameter names.</summary>
    public const string MissingArgumentsProperty = "MissingArguments";

    private static readonly DiagnosticDescriptor Rule = CreateRule(
        RuleIdentifiers.UnguardedWatch,
        "Bound watches and resume them without relisting",
        "Watch '{0}' has no {1}",
        "A watch should end on a server-side timeout (timeoutSeconds) so reconnects spread out, ask for BOOKMARK events (allowWatchBookmarks: true) so its resourceVersion stays fresh, and handle 410 Gone (resourceVersion too old) by relisting once instead of reconnecting in a tight loop. Without them every node's agent relists the cluster at the same moments.");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    protected override void Analyze(KubernetesCall call, OperationAnalysisContext context)
    {
        if (call.Kind != CallKind.Watch)
        {
            return;
        }

        var missingArguments = new List<string>();
        var missing = new List<string>();
        if (call.GetState(KubernetesCall.Parameters.TimeoutSeconds) == ArgumentState.Unset)
        {
            missingArguments.Add(KubernetesCall.Parameters.TimeoutSeconds);
            missing.Add("timeoutSeconds");
        }

        if (call.GetState(KubernetesCall.Parameters.AllowWatchBookmarks) != ArgumentState.Unknown
            && !call.IsTrue(KubernetesCall.Parameters.AllowWatchBookmarks))
        {
            missingArguments.Add(KubernetesCall.Parameters.AllowWatchBookmarks);
            missing.Add("allowWatchBookmarks: true");
        }

        if (!GoneHandling.IsPresent(call.Invocation.Syntax))
        {
            missing.Add("410 Gone handling (HttpStatusCode.Gone) in the enclosing type");
        }

        if (missing.Count == 0)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(MissingArgumentsProperty, string.Join(",", missingArguments));
        context.ReportDiagnostic(Diagnostic.Create(Rule, call.NameLocation, properties, call.MethodName, string.Join(", ", missing)));
    }
}
