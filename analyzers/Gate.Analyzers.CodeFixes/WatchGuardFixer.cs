using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using Gate.Analyzers.Kubernetes;
using Gate.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Operations;

namespace Gate.Analyzers.CodeFixes;

/// <summary>
/// GATE0005 fix: adds <c>allowWatchBookmarks: true</c> and a jittered <c>timeoutSeconds</c> (5–10 minutes, as
/// client-go's reflector does; a plain 300 where <c>Random.Shared</c> does not exist). Handling 410 Gone stays
/// with the author: the diagnostic remains until the member handles it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WatchGuardFixer)), Shared]
public sealed class WatchGuardFixer : ArgumentFixer
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => Ids(RuleIdentifiers.UnguardedWatch);

    /// <inheritdoc/>
    protected override string Title => "Add a jittered timeoutSeconds and allowWatchBookmarks: true";

    /// <inheritdoc/>
    protected override IReadOnlyList<NamedArgument> GetArguments(Diagnostic diagnostic, IInvocationOperation operation, Compilation compilation)
    {
        if (diagnostic is null
            || compilation is null
            || !diagnostic.Properties.TryGetValue(UnguardedWatchAnalyzer.MissingArgumentsProperty, out var list)
            || string.IsNullOrEmpty(list))
        {
            return [];
        }

        var timeout = compilation.GetTypeByMetadataName("System.Random")?.GetMembers("Shared").Any() == true
            ? TypeName(operation, "System.Random") + ".Shared.Next(300, 600)"
            : "300";
        var arguments = new List<NamedArgument>();
        foreach (var parameter in list!.Split(','))
        {
            var value = parameter switch
            {
                KubernetesCall.Parameters.AllowWatchBookmarks => "true",
                KubernetesCall.Parameters.TimeoutSeconds => timeout,
                _ => null,
            };
            if (value is not null)
            {
                arguments.Add(new NamedArgument(parameter, Parse(value, operation)));
            }
        }

        return arguments;
    }
}
