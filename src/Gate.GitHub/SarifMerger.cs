using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core;
using Gate.Core.Manifests;

namespace Gate.GitHub;

/// <summary>
/// Produces the one SARIF file the Action hands to <c>github/codeql-action/upload-sarif</c>. One input is passed
/// through byte for byte; several (one per cluster size) become one log whose runs of the same tool are joined:
/// rules united by id, results appended once each. Code scanning rejects several runs of one tool and category
/// in one upload, which is why they are joined rather than listed.
/// </summary>
public static class SarifMerger
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes the merged log of <paramref name="inputs"/> to <paramref name="output"/>.</summary>
    public static void Write(IReadOnlyList<string> inputs, string output)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentException.ThrowIfNullOrEmpty(output);
        if (inputs.Count == 0)
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        if (inputs.Count == 1)
        {
            if (!string.Equals(Path.GetFullPath(inputs[0]), Path.GetFullPath(output), StringComparison.Ordinal))
            {
                File.Copy(inputs[0], output, overwrite: true);
            }

            return;
        }

        File.WriteAllText(output, Merge(inputs.Select(p => (p, File.ReadAllText(p))).ToList()));
    }

    /// <summary>Merges SARIF logs given as (name, text); the name positions errors.</summary>
    public static string Merge(IReadOnlyList<(string Name, string Text)> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var merged = Parse(logs[0]);
        var runs = merged["runs"] as JsonArray ?? throw Invalid(logs[0].Name, "has no 'runs' array");
        foreach (var log in logs.Skip(1))
        {
            var other = Parse(log)["runs"] as JsonArray ?? throw Invalid(log.Name, "has no 'runs' array");
            foreach (var run in other.OfType<JsonObject>().ToList())
            {
                var target = runs.OfType<JsonObject>().FirstOrDefault(r => ToolName(r) == ToolName(run));
                if (target is null)
                {
                    other.Remove(run);
                    runs.Add((JsonNode)run);
                    continue;
                }

                Join(target, run);
            }
        }

        return merged.ToJsonString(Indented) + "\n";
    }

    private static void Join(JsonObject target, JsonObject run)
    {
        var rules = Ensure(Ensure(Ensure(target, "tool"), "driver"), "rules", () => new JsonArray()).AsArray();
        var ruleIds = rules.OfType<JsonObject>().Select(r => (string?)r["id"]).ToHashSet(StringComparer.Ordinal);
        if (run["tool"]?["driver"]?["rules"] is JsonArray newRules)
        {
            foreach (var rule in newRules.OfType<JsonObject>().Where(r => ruleIds.Add((string?)r["id"])).ToList())
            {
                rules.Add(rule.DeepClone());
            }
        }

        // ruleIndex points into the source run's rules array; it would point at the wrong rule after the join.
        var results = Ensure(target, "results", () => new JsonArray()).AsArray();
        foreach (var result in results.OfType<JsonObject>())
        {
            result.Remove("ruleIndex");
        }

        var seen = results.Select(r => r!.ToJsonString()).ToHashSet(StringComparer.Ordinal);
        if (run["results"] is JsonArray newResults)
        {
            foreach (var result in newResults.OfType<JsonObject>())
            {
                var copy = result.DeepClone().AsObject();
                copy.Remove("ruleIndex");
                if (seen.Add(copy.ToJsonString()))
                {
                    results.Add((JsonNode)copy);
                }
            }
        }
    }

    private static JsonNode Ensure(JsonObject parent, string name, Func<JsonNode>? create = null)
    {
        if (parent[name] is { } existing)
        {
            return existing;
        }

        var node = create?.Invoke() ?? new JsonObject();
        parent[name] = node;
        return node;
    }

    private static JsonObject Ensure(JsonNode parent, string name) => Ensure(parent.AsObject(), name, null).AsObject();

    private static string? ToolName(JsonObject run) => (string?)run["tool"]?["driver"]?["name"];

    private static JsonObject Parse((string Name, string Text) log)
    {
        try
        {
            return JsonNode.Parse(log.Text) as JsonObject ?? throw Invalid(log.Name, "is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new GateUsageException(
                "not a valid SARIF file: " + ex.Message.Split(". ")[0],
                new SourcePosition(log.Name, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1),
                "write it with 'gate check --format sarif'");
        }
    }

    private static GateUsageException Invalid(string name, string what) =>
        new($"SARIF file {what}", SourcePosition.FileOnly(name), "write it with 'gate check --format sarif'");
}
