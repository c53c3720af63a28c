namespace Gate.Benchmarks;

/// <summary>Finds <c>../shared/NAME</c> beside the repository (or under <c>GATE_SHARED_DIR</c>).</summary>
internal static class SharedFiles
{
    /// <summary>The folder holding Gate.sln.</summary>
    public static string RepositoryRoot()
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

    public static string Find(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", name);
            if (File.Exists(Path.Combine(dir.FullName, "Gate.sln")) && Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return Environment.GetEnvironmentVariable("GATE_SHARED_DIR") is { Length: > 0 } shared
            ? Path.Combine(shared, name)
            : throw new DirectoryNotFoundException("../shared/" + name + " not found");
    }
}
