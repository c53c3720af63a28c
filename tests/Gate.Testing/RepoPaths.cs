namespace Gate.Testing;

/// <summary>Locates the repository root and the data the tests read from it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds Gate.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The reference corpus (tests/corpus/reference): hand-built agent cases and their labels.json.</summary>
    public static string Corpus => InRepo("tests", "corpus", "reference");

    /// <summary>The upstream corpus (tests/corpus/upstream): manifests copied unchanged from upstream repositories.</summary>
    public static string UpstreamCorpus => InRepo("tests", "corpus", "upstream");

    /// <summary>The kube-apiserver measurements the cost model is calibrated on (docs/calibration).</summary>
    public static string Calibration => InRepo("docs", "calibration");

    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gate.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Gate.sln not found above " + AppContext.BaseDirectory);
    }
}
