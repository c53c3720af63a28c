namespace Gate.Benchmarks;

/// <summary>Finds the repository (the folder holding Gate.sln) and the data it carries.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder holding Gate.sln.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gate.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Gate.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The reference agent corpus (tests/corpus/reference).</summary>
    public static string ReferenceCorpus() => Path.Combine(Root(), "tests", "corpus", "reference");
}
