using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Gate.Analyzers.Tests.Verifiers;

/// <summary>
/// What test sources compile against: the .NET 10 reference assemblies (shipped in a package, so nothing is
/// downloaded at test time) and the KubernetesClient assembly the agents call.
/// </summary>
internal static class AnalyzerReferences
{
    /// <summary>An empty reference set: the assemblies come from <see cref="All"/>.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    /// <summary>.NET 10 plus KubernetesClient.</summary>
    public static IReadOnlyList<MetadataReference> All { get; } =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(k8s.IKubernetes).Assembly.Location),
    ];
}
