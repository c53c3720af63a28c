using System.Text;

namespace Gate.Benchmarks;

/// <summary>
/// Builds a large, valid multi-document manifest: every corpus case (DaemonSet, ConfigMap with the agent config,
/// RBAC) repeated with renamed objects until the size is reached. Used by the parsing benchmark and bench/ingest.sh.
/// </summary>
internal static class LargeInput
{
    public static string Build(int megabytes)
    {
        var corpus = SharedFiles.Find("corpus");
        var cases = Directory.GetDirectories(corpus).Order(StringComparer.Ordinal)
            .Select(d => string.Join("---\n", Directory.GetFiles(d, "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText)))
            .ToList();
        var builder = new StringBuilder();
        for (var copy = 0; builder.Length < megabytes * 1024 * 1024; copy++)
        {
            foreach (var text in cases)
            {
                // Rename every object so the copies are distinct workloads.
                builder.Append("---\n").Append(text.Replace("name: ", $"name: c{copy}-", StringComparison.Ordinal)).Append('\n');
            }
        }

        return builder.ToString();
    }

    /// <summary><c>make-large-input MB PATH</c>: writes the input for the whole-process measurement.</summary>
    public static int Write(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[0], out var megabytes) || megabytes is < 1 or > 49)
        {
            Console.Error.WriteLine("usage: make-large-input MB(1-49) PATH");
            return 2;
        }

        File.WriteAllText(args[1], Build(megabytes));
        return 0;
    }
}
