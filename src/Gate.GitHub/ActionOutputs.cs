using System.Text;

namespace Gate.GitHub;

/// <summary>
/// Appends step outputs to <c>$GITHUB_OUTPUT</c> in the multi-line form <c>name&lt;&lt;DELIMITER</c>, with a
/// random delimiter, so no value (even one with line breaks) can inject another output.
/// </summary>
public static class ActionOutputs
{
    /// <summary>Appends <paramref name="outputs"/> to the file at <paramref name="path"/>.</summary>
    public static void Append(string path, IEnumerable<KeyValuePair<string, string>> outputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(outputs);
        var text = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            var delimiter = "gate_" + Guid.NewGuid().ToString("N");
            text.Append(name).Append("<<").Append(delimiter).Append('\n')
                .Append(value).Append('\n')
                .Append(delimiter).Append('\n');
        }

        File.AppendAllText(path, text.ToString());
    }
}
