using Gate.Core.Manifests;
using Gate.Testing.Corpus;

namespace Gate.Core.Tests;

/// <summary>The reference corpus (tests/corpus/reference) through the one corpus loader, by case name.</summary>
internal static class CorpusLoader
{
    /// <summary>Resources the labelling rule models; patterns on others (replicationcontrollers …) are named in `why` only.</summary>
    public static IReadOnlySet<string> LabelledResources => ReferenceLabeller.ModelledResources;

    public static IReadOnlyList<LabelledCase> Cases() => LabelledCorpus.Reference;

    public static LabelledCase Case(string name) => LabelledCorpus.ReferenceCase(name);

    public static IReadOnlyList<ManifestSource> Sources(string caseName) => LabelledCorpus.Sources(Case(caseName));
}
