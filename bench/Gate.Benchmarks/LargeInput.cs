using System.Text;

namespace Gate.Benchmarks;

/// <summary>
/// Builds a large, valid multi-document manifest: every corpus case (DaemonSet, ConfigMap with the agent config,
/// RBAC) repeated with renamed objects until a size or a workload count is reached. Used by the parsing benchmark
/// and the input shapes of bench/ingest.sh.
/// </summary>
internal static class LargeInput
{
    public static string Build(int megabytes) => Build((text, _) => text.Length < megabytes * 1024 * 1024);

    /// <summary>Corpus cases repeated while the text holds at most <paramref name="workloads"/> DaemonSets/Deployments.</summary>
    public static string BuildWorkloads(int workloads)
    {
        var count = 0;
        return Build((_, caseText) =>
        {
            count += CountWorkloads(caseText);
            return count <= workloads;
        });
    }

    private static int CountWorkloads(string caseText) =>
        caseText.Split('\n').Count(l => l.StartsWith("kind: DaemonSet", StringComparison.Ordinal) || l.StartsWith("kind: Deployment", StringComparison.Ordinal));

    /// <summary>Appends corpus cases, in order and over again, while <paramref name="room"/> (text so far, next case) says so.</summary>
    private static string Build(Func<StringBuilder, string, bool> room)
    {
        var corpus = RepositoryFiles.ReferenceCorpus();
        var cases = Directory.GetDirectories(corpus).Order(StringComparer.Ordinal)
            .Select(d => string.Join("---\n", Directory.GetFiles(d, "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText)))
            .ToList();
        var builder = new StringBuilder();
        for (var copy = 0; ; copy++)
        {
            foreach (var text in cases)
            {
                if (!room(builder, text))
                {
                    return builder.ToString();
                }

                // Rename every object so the copies are distinct workloads.
                builder.Append("---\n").Append(text.Replace("name: ", $"name: c{copy}-", StringComparison.Ordinal)).Append('\n');
            }
        }
    }
}
