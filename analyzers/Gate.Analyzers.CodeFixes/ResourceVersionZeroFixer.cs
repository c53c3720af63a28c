using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using Gate.Analyzers.Kubernetes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Operations;

namespace Gate.Analyzers.CodeFixes;

/// <summary>GATE0003 fix: <c>resourceVersion: "0"</c>, so the API server answers from its watch cache.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ResourceVersionZeroFixer)), Shared]
public sealed class ResourceVersionZeroFixer : ArgumentFixer
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => Ids(RuleIdentifiers.PollingListWithoutResourceVersion);

    /// <inheritdoc/>
    protected override string Title => "Read from the watch cache (resourceVersion: \"0\")";

    /// <inheritdoc/>
    protected override IReadOnlyList<NamedArgument> GetArguments(Diagnostic diagnostic, IInvocationOperation operation, Compilation compilation) =>
        [new NamedArgument(KubernetesCall.Parameters.ResourceVersion, Parse("\"0\"", operation))];
}
