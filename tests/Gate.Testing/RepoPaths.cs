namespace Gate.Testing;

/// <summary>Locates the repository root and the shared folder (../shared: corpus, calibration, reference).</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds Gate.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary><c>$GATE_SHARED_DIR</c>, else the <c>shared</c> folder beside the repository.</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("GATE_SHARED_DIR") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>The labelled agent corpus.</summary>
    public static string Corpus => Path.Combine(Shared, "corpus");

    public static string Calibration => Path.Combine(Shared, "calibration");

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
