using System.Text;

namespace Gate.Benchmarks;

/// <summary>
/// The inputs bench/ingest.sh runs through the whole <c>gate estimate</c> process (issue 4: any single input in under
/// 2 s and 500 MB). Valid ones are the largest the limits accept; bad ones sit just under the 50 MB size limit and
/// each stresses one part: node count, document count, document size, nesting, one huge value, an error found only
/// at the end. Single-document shapes that must be parsed to be refused sit just under the 8 MB document limit.
/// </summary>
internal static class InputShapes
{
    private const int Size = 48 * 1024 * 1024;

    /// <summary>Just under the 8 MB a single document may hold: the most one core has to parse alone.</summary>
    private const int DocumentSize = (8 * 1024 * 1024) - 1024;

    /// <summary>Name, whether gate must accept it (exit 0) or reject it (exit 2), and how to write it.</summary>
    public static IReadOnlyList<(string Name, bool Valid, Func<byte[]> Build)> All { get; } =
    [
        ("max-workloads.yaml", true, () => Encoding.UTF8.GetBytes(LargeInput.BuildWorkloads(1_000))),
        ("big-configmaps.yaml", true, () => Encoding.UTF8.GetBytes(BigConfigMaps())),
        ("dense-documents.yaml", false, () => Encoding.UTF8.GetBytes(LargeInput.Build(48))),
        ("dense-sequence.yaml", false, () => Repeat("items:\n", "- x\n", size: DocumentSize)),
        ("many-keys.yaml", false, () => Repeat(string.Empty, "k{i}: v\n", size: DocumentSize)),
        ("json-values.json", false, () => Repeat("[{\"a\":0}", ",{\"a\":{i}}", "]")),
        ("empty-documents.yaml", false, () => Repeat(string.Empty, "---\n")),
        ("flow-nesting.yaml", false, () => Repeat("a: ", "[", size: DocumentSize)),
        ("block-nesting.yaml", false, () => Repeat(string.Empty, "- ", size: DocumentSize)),
        ("huge-document.yaml", false, () => Repeat(string.Empty, "k{i}: v\n")),
        ("comments.yaml", false, () => Repeat(string.Empty, "# a comment line of a generated file, repeated until the size limit {i}\n")),
        ("one-huge-value.yaml", false, () => Repeat("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  dashboards.json: |\n", "    {\"type\": \"timeseries\", \"targets\": [{\"expr\": \"sum(rate(apiserver_request_total[5m])) by (verb)\"}]},\n")),
        ("long-scalar.yaml", false, () => Repeat("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ", "x", "\n")),
        ("duplicate-key-at-end.yaml", false, () => Encoding.UTF8.GetBytes(BigConfigMaps() + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n")),
        ("invalid-utf8-at-end.yaml", false, () => [.. Encoding.UTF8.GetBytes(BigConfigMaps()), (byte)'#', (byte)' ', 0xFF, (byte)'\n']),
    ];

    /// <summary><c>make-inputs FOLDER</c>: writes every shape; prints one line per file (name, valid|bad).</summary>
    public static int Write(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: make-inputs FOLDER");
            return 2;
        }

        Directory.CreateDirectory(args[0]);
        foreach (var (name, valid, build) in All)
        {
            File.WriteAllBytes(Path.Combine(args[0], name), build());
            Console.WriteLine($"{name} {(valid ? "valid" : "bad")}");
        }

        return 0;
    }

    /// <summary>
    /// A monitoring stack's ConfigMaps of dashboards (large text values: few nodes, many bytes) beside the agent
    /// DaemonSets of the corpus: the realistic way a single input grows to tens of megabytes.
    /// </summary>
    private static string BigConfigMaps()
    {
        var text = new StringBuilder(LargeInput.BuildWorkloads(20));
        var line = "      {\"type\": \"timeseries\", \"targets\": [{\"expr\": \"sum(rate(apiserver_request_total[5m])) by (verb)\"}]},\n";
        for (var map = 0; text.Length < Size; map++)
        {
            text.Append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dashboards-").Append(map).Append("\n  namespace: monitoring\ndata:\n");
            for (var file = 0; file < 20; file++)
            {
                text.Append("  dashboard-").Append(file).Append(".json: |\n    {\"panels\": [\n");
                for (var panel = 0; panel < 100; panel++)
                {
                    text.Append(line);
                }

                text.Append("    {}]}\n");
            }
        }

        return text.ToString();
    }

    /// <summary><paramref name="head"/>, then <paramref name="item"/> (with {i} numbered) until the size, then <paramref name="tail"/>.</summary>
    private static byte[] Repeat(string head, string item, string tail = "", int size = Size)
    {
        var text = new StringBuilder(head, size + 64);
        for (var i = 0; text.Length + item.Length + tail.Length < size; i++)
        {
            text.Append(item.Replace("{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        return Encoding.UTF8.GetBytes(text.Append(tail).ToString());
    }
}
