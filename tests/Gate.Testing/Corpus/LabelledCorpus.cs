using System.Text.Json;
using Gate.Core.Manifests;
using Xunit;

namespace Gate.Testing.Corpus;

/// <summary>
/// The one loader of the labelled corpora under <c>tests/corpus/</c>: <c>reference/</c> (hand-built cases, one
/// <c>labels.json</c>) and <c>upstream/</c> (manifests copied unchanged from upstream repositories, a <c>case.json</c>
/// per folder).
/// </summary>
public static class LabelledCorpus
{
    private static readonly Lazy<IReadOnlyList<LabelledCase>> ReferenceCases = new(LoadReference);

    /// <summary>The reference corpus, in labels.json order.</summary>
    public static IReadOnlyList<LabelledCase> Reference => ReferenceCases.Value;

    /// <summary>The upstream corpus: every folder of <c>tests/corpus/upstream</c> with a <c>case.json</c>, by name.</summary>
    public static IReadOnlyList<LabelledCase> Upstream() =>
        Directory.Exists(RepoPaths.UpstreamCorpus)
            ? [.. Directory.GetDirectories(RepoPaths.UpstreamCorpus).Order(StringComparer.Ordinal)
                .Where(d => File.Exists(Path.Combine(d, "case.json")))
                .Select(d => Read(Path.Combine(d, "case.json"), d))]
            : [];

    /// <summary>A reference case by name.</summary>
    public static LabelledCase ReferenceCase(string name) => Reference.Single(c => c.Name == name);

    /// <summary>xunit member data: the name of every reference case.</summary>
    public static TheoryData<string> ReferenceNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Reference)
        {
            data.Add(c.Name);
        }

        return data;
    }

    /// <summary>The manifests of a case (YAML and JSON, except its labels), named <c>CASE/FILE</c>.</summary>
    public static IReadOnlyList<ManifestSource> Sources(LabelledCase labelled)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        return [.. Directory.GetFiles(labelled.Folder).Order(StringComparer.Ordinal)
            .Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json" && Path.GetFileName(f) != "case.json")
            .Select(f => new ManifestSource(labelled.Name + "/" + Path.GetFileName(f), File.ReadAllBytes(f)))];
    }

    private static IReadOnlyList<LabelledCase> LoadReference()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Corpus, "labels.json")));
        return [.. doc.RootElement.EnumerateArray().Select(c => LabelledCase.Parse(c, Path.Combine(RepoPaths.Corpus, c.GetProperty("case").GetString()!)))];
    }

    private static LabelledCase Read(string file, string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        return LabelledCase.Parse(doc.RootElement, folder);
    }
}
