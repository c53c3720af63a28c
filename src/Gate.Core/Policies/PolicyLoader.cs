using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core.Manifests;
using Json.Schema;

namespace Gate.Core.Policies;

/// <summary>
/// Loads a policy from YAML text: checks it against the policy JSON Schema (policies/schema.json) and turns the first
/// problem into one positioned <see cref="GateUsageException"/> (<c>file:line:col: message</c>, exit 2).
/// Pure: the caller reads the files (the CLI embeds policies/default.yaml and policies/schema.json).
/// </summary>
public static class PolicyLoader
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    /// <summary>Parses and validates <paramref name="yaml"/> from <paramref name="source"/> against <paramref name="schemaJson"/>.</summary>
    public static Policy Load(string yaml, string source, string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(schemaJson);
        var document = YamlJson.Parse(yaml, source);
        Validate(document, schemaJson);
        return Map(document, source);
    }

    /// <summary>
    /// Parses a policy that is known to match the schema: the built-in policy, which the tests validate against
    /// policies/schema.json. Every semantic check of <see cref="Load"/> still runs; only the JSON Schema evaluation,
    /// the slowest part of a CLI start-up (schema compilation), is left out.
    /// </summary>
    public static Policy LoadValidated(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return Map(YamlJson.Parse(yaml, source), source);
    }

    private static void Validate(YamlJson document, string schemaJson)
    {
        var schema = Schemas.GetOrAdd(schemaJson, text => JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }));
        using var json = JsonDocument.Parse(document.Root?.ToJsonString() ?? "null");
        var results = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return;
        }

        var problems = (results.Details ?? [results])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => (Pointer: d.InstanceLocation.ToString(), Keyword: e.Key, Message: e.Value)))
            .Select(p => (p.Pointer, p.Keyword, p.Message, Position: document.PositionOf(p.Pointer)))
            .OrderBy(p => p.Position.Line).ThenBy(p => p.Position.Column).ThenBy(p => p.Keyword, StringComparer.Ordinal)
            .ToList();
        var first = problems.Count > 0 ? problems[0] : (Pointer: string.Empty, Keyword: "schema", Message: "does not match the policy schema", Position: document.PositionOf(string.Empty));
        var where = first.Pointer.Length == 0 ? "policy" : first.Pointer;
        throw new GateUsageException(
            $"{where}: {first.Message}",
            first.Position,
            "see docs/policies.md and policies/schema.json");
    }

    private static Policy Map(YamlJson document, string source)
    {
        var root = document.Root!.AsObject();
        var budgets = new List<SizeBudget>();
        var budgetNodes = root["budgets"]!.AsArray();
        for (var i = 0; i < budgetNodes.Count; i++)
        {
            var b = budgetNodes[i]!.AsObject();
            budgets.Add(new SizeBudget
            {
                UpToNodes = Int(b, "upToNodes"),
                ReadShare = Number(b, "readShare") ?? 0.10,
                StartupBurstSeconds = Number(b, "startupBurstSeconds") ?? 120,
                ApfShare = Number(b, "apfShare") ?? 0.50,
                FirstStagePercent = Number(b, "firstStagePercent") ?? 1,
                ApfHeadroomShare = Number(b, "apfHeadroomShare") ?? 0.50,
            });
        }

        CheckBudgets(budgets, document);
        var rules = new Dictionary<string, RuleSettings>(StringComparer.Ordinal);
        if (root["rules"] is JsonObject ruleNodes)
        {
            foreach (var (id, node) in ruleNodes)
            {
                if (RuleCatalog.Find(id) is null)
                {
                    throw new GateUsageException($"unknown rule '{id}'", document.PositionOf("/rules/" + id), "run 'gate policies list' for the rule ids");
                }

                var r = node?.AsObject() ?? [];
                rules[id] = new RuleSettings
                {
                    Severity = SeverityNames.Parse(r["severity"]?.GetValue<string>()),
                    AboveNodes = Int(r, "aboveNodes"),
                    Resources = r["resources"] is JsonArray list ? list.Select(x => x!.GetValue<string>()).ToList() : null,
                };
            }
        }

        var allow = new List<AllowEntry>();
        if (root["allow"] is JsonArray allowNodes)
        {
            for (var i = 0; i < allowNodes.Count; i++)
            {
                var a = allowNodes[i]!.AsObject();
                allow.Add(new AllowEntry
                {
                    Rule = a["rule"]!.GetValue<string>(),
                    Workload = a["workload"]!.GetValue<string>(),
                    Reason = a["reason"]!.GetValue<string>().Trim(),
                    Origin = document.PositionOf("/allow/" + i.ToString(CultureInfo.InvariantCulture)),
                });
            }
        }

        return new Policy
        {
            Name = root["name"]!.GetValue<string>(),
            Source = source,
            Budgets = [.. budgets.OrderBy(b => b.UpToNodes ?? int.MaxValue)],
            Rules = rules,
            Allow = allow,
        };
    }

    private static void CheckBudgets(List<SizeBudget> budgets, YamlJson document)
    {
        var seen = new HashSet<int>();
        var open = false;
        for (var i = 0; i < budgets.Count; i++)
        {
            var pointer = "/budgets/" + i.ToString(CultureInfo.InvariantCulture);
            if (budgets[i].UpToNodes is { } up && !seen.Add(up))
            {
                throw new GateUsageException($"two budgets for upToNodes {up}", document.PositionOf(pointer + "/upToNodes"), "give each budget a different upToNodes");
            }

            if (budgets[i].UpToNodes is null)
            {
                if (open)
                {
                    throw new GateUsageException("only one budget may omit upToNodes", document.PositionOf(pointer), "give all but the last budget an upToNodes");
                }

                open = true;
            }
        }
    }

    private static double? Number(JsonObject o, string name) =>
        o[name] is JsonValue v ? (v.TryGetValue<double>(out var d) ? d : v.GetValue<long>()) : null;

    private static int? Int(JsonObject o, string name) => o[name] is JsonValue v ? (int)Math.Min(v.GetValue<long>(), int.MaxValue) : null;
}
