using System.Collections.Generic;

namespace Gate.Analyzers.Rules;

/// <summary>GATE0005: a WATCH without a server timeout, without bookmarks, or without handling 410 Gone.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnguardedWatchAnalyzer : KubernetesCallAnalyzer
{
    /// <summary>Diagnostic property listing the arguments the fix adds, comma-separated parameter names.</summary>
    public const string MissingArgumentsProperty = "MissingArguments";

    private static readonly DiagnosticDescriptor Descriptor = CreateRule(
        RuleIdentifiers.UnguardedWatch,
        "Bound watches and resume them without relisting",
        "Watch '{0}' has no {1}",
        "A watch should end on a server-side timeout (timeoutSeconds) so reconnects spread out, ask for BOOKMARK events (allowWatchBookmarks: true) so its resourceVersion stays fresh, and handle 410 Gone (resourceVersion too old) by relisting once instead of reconnecting in a tight loop. Without them every node's agent relists the cluster at the same moments.");

    /// <summary>Creates the analyzer.</summary>
    public UnguardedWatchAnalyzer()
        : base(Descriptor)
    {
    }

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
        Report(context, call, properties, call.MethodName, string.Join(", ", missing));
    }
}
